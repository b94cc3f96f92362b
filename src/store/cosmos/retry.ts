import { setTimeout as sleep } from 'node:timers/promises';
import { HelpdeskError } from '../../errors.js';

/** How often and how patiently a request that failed for a passing reason is tried again. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Four attempts within about a second and a half: a bot turn must answer Teams within 15 s,
 * and the SDK has already spent its own budget on 429s before we see one.
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

/** The statuses the store handles by name; anything else is an error it cannot explain. */
export type NamedStatus = 404 | 409 | 412 | 429;

/** The HTTP status or Node error code on an error from `@azure/cosmos`. */
export function statusOf(error: unknown): number | string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' || typeof code === 'string' ? code : undefined;
}

export function hasStatus(error: unknown, status: NamedStatus): boolean {
  return statusOf(error) === status;
}

/**
 * Failures worth another try: the service was briefly unable (503), the request timed out
 * (408 from the service, `TimeoutError` from the SDK) or the connection broke. The SDK retries
 * 429 itself (honouring `x-ms-retry-after-ms`), and in a single-region account it does not
 * retry writes after a 503 or a timeout, so these are ours.
 */
const TRANSIENT = new Set<number | string>([
  408,
  503,
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status !== undefined && TRANSIENT.has(status);
}

/**
 * Runs one request, trying again after transient failures with exponential backoff and full
 * jitter. Every write the store makes is safe to repeat (a retried create or conditional
 * replace that finds its own earlier attempt applied recognises it by a write id), so writes
 * are retried like reads. A failure that persists, or a 429 the SDK already gave up on,
 * becomes `store_unavailable` with the cause attached.
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  request: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (hasStatus(error, 429)) throw throttled(what, error);
      if (!isTransient(error)) throw error;
      if (attempt >= policy.attempts) throw unavailable(what, attempt, error);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.round(Math.random() * ceiling));
    }
  }
}

function throttled(what: string, cause: unknown): HelpdeskError {
  return new HelpdeskError(
    'store_unavailable',
    `Cosmos DB kept throttling ${what} (429) beyond the retry budget; raise the throughput ` +
      'or spread the load, then try again.',
    { cause },
  );
}

function unavailable(what: string, attempts: number, cause: unknown): HelpdeskError {
  return new HelpdeskError(
    'store_unavailable',
    `Cosmos DB did not complete ${what} after ${attempts} attempts (last: ${describe(cause)}); ` +
      'check the account is reachable and healthy, then try again.',
    { cause },
  );
}

function describe(error: unknown): string {
  const status = statusOf(error);
  return status === undefined ? String(error) : String(status);
}
