import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { OutboxMessage, Store } from '../store/contract.js';
import { SlidingWindows, TEAMS_LIMITS, type RateLimits } from './limits.js';

/** Raised by a deliverer to say how a failed attempt should be treated. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** From a `Retry-After` header: wait at least this long before the next attempt. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown; teamsCode?: string },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
    this.teamsCode = options?.teamsCode;
  }

  /** The service's own error code when it gave one, e.g. `BotNotInConversationRoster`. */
  readonly teamsCode?: string;
}

/**
 * Waits until the rate windows allow one more request to `conversation` (in the message's
 * tenant) and counts it. A deliverer calls it right before each request to Teams, so the
 * windows count requests when they leave, not when the message was picked up.
 */
export type Turn = (conversation: string) => Promise<void>;

/** Sends one message; throws {@link DeliveryError} when it could not. */
export type Deliver = (message: OutboxMessage, turn: Turn) => Promise<void>;

export interface OutboxWorkerOptions {
  readonly pollMs: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /** Backoff after the first failure; doubles each attempt, capped at `maxBackoffMs`. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly random?: () => number;
  /** Per conversation and per tenant; Teams' own limits unless told otherwise. */
  readonly limits?: RateLimits;
  /** Messages in hand at once, across conversations; one conversation's go one at a time. */
  readonly concurrency?: number;
  /** An attempt that has no answer by then is abandoned and retried like a 504. */
  readonly attemptTimeoutMs?: number;
  /** Real elapsed time for rate windows and leases, whatever the business clock says. */
  readonly monotonicNow?: () => number;
}

/**
 * Delivers what the outbox holds: leases due messages, hands each to `deliver`, and records
 * the outcome. Failures are retried with exponential backoff and full jitter, never sooner
 * than a `Retry-After`; a message that keeps failing is marked dead for an operator to see.
 */
export class OutboxWorker {
  private timer?: NodeJS.Timeout;
  private readonly windows: SlidingWindows;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly deliver: Deliver,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: OutboxWorkerOptions,
  ) {
    this.windows = new SlidingWindows(options.limits ?? TEAMS_LIMITS, 100, this.monotonic());
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Asks for a pass soon, e.g. right after a change wrote to the outbox. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain().then(
      () => undefined,
      (error: unknown) => {
        this.log.error(
          { code: 'outbox_failed', err: error },
          'outbox pass failed; retrying at next poll',
        );
      },
    );
    void this.running.finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.timer = setTimeout(() => this.kick(), this.options.pollMs);
      }
    });
  }

  /**
   * Delivers everything due now; returns how many messages it leased. Messages to different
   * conversations go in parallel; those to one conversation go in order, each waiting for the
   * rate windows to allow it.
   */
  async drain(): Promise<number> {
    const concurrency = this.options.concurrency ?? 16;
    const inHand = new Set<Promise<void>>();
    const tails = new Map<string, Promise<void>>();
    let leased = 0;
    for (;;) {
      const room = this.stopped ? 0 : concurrency - inHand.size;
      const batch =
        room > 0
          ? await this.store.leaseOutbox(
              this.clock.now(),
              Math.min(room, this.options.batchSize ?? 25),
              this.leaseMs,
            )
          : [];
      const leasedAt = this.monotonic();
      for (const message of batch) {
        const key = `${message.tenantId}/${message.target}`;
        const run = (tails.get(key) ?? Promise.resolve()).then(() =>
          this.attempt(message, leasedAt),
        );
        tails.set(key, run);
        const held: Promise<void> = run.finally(() => {
          inHand.delete(held);
          if (tails.get(key) === run) tails.delete(key);
        });
        inHand.add(held);
      }
      leased += batch.length;
      if (inHand.size === 0) return leased;
      if (batch.length === 0 || inHand.size >= concurrency) await Promise.race(inHand);
    }
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  private get attemptTimeoutMs(): number {
    return this.options.attemptTimeoutMs ?? Math.min(20_000, Math.floor(this.leaseMs / 3));
  }

  private monotonic(): number {
    return (this.options.monotonicNow ?? Date.now)();
  }

  private async attempt(message: OutboxMessage, leasedAt: number): Promise<void> {
    const fields = { outboxId: message.id, kind: message.kind, ticketId: message.ticketId };
    try {
      if (this.stopped)
        throw new DeliveryError('Stopping: the message goes back to the outbox.', true);
      await this.deliverWithin(message, leasedAt);
      await this.store.settleOutbox(message.id, { state: 'delivered' });
      this.log.info({ ...fields, attempts: message.attempts }, 'notification delivered');
    } catch (error) {
      await this.settleFailure(message, error, fields).catch((settleError: unknown) => {
        // The store is failing too: the lease runs out and the message is tried again then.
        this.log.error(
          { ...fields, code: 'outbox_settle_failed', err: settleError },
          'not settled',
        );
      });
    }
  }

  /** The latest instant a request may leave and still be answered within the lease. */
  private latestSend(leasedAt: number): number {
    return leasedAt + this.leaseMs - this.attemptTimeoutMs - 1_000;
  }

  /**
   * Runs the deliverer with a {@link Turn} that keeps to the rate windows and a deadline: until
   * the first request leaves, the lease bounds the attempt; after each, `attemptTimeoutMs`. An
   * abandoned attempt is refused any further turn, so it cannot send behind the worker's back.
   */
  private deliverWithin(message: OutboxMessage, leasedAt: number): Promise<void> {
    const latestSend = this.latestSend(leasedAt);
    let abandoned = false;
    let timer: NodeJS.Timeout | undefined;
    let fail: (error: DeliveryError) => void = () => undefined;
    const timedOut = new Promise<never>((_, reject) => (fail = reject));
    const arm = (ms: number, why: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        abandoned = true;
        fail(new DeliveryError(why, true));
      }, ms);
    };
    arm(
      Math.max(0, latestSend + this.attemptTimeoutMs - this.monotonic()),
      'The lease ran out before the message could be sent.',
    );

    const turn: Turn = async (conversation) => {
      for (;;) {
        if (abandoned) throw new DeliveryError('The attempt was abandoned.', true);
        const now = this.monotonic();
        const waitMs = this.windows.waitMs(message.tenantId, conversation, now);
        if (waitMs <= 0 && now <= latestSend) {
          this.windows.record(message.tenantId, conversation, now);
          arm(
            this.attemptTimeoutMs,
            `No answer within ${this.attemptTimeoutMs} ms; the message will be tried again.`,
          );
          return;
        }
        if (now + waitMs > latestSend) {
          throw new DeliveryError(
            'Deferred: the rate windows stay full for longer than the lease.',
            true,
            Math.max(waitMs, 1_000),
          );
        }
        await sleep(Math.min(waitMs, 250));
      }
    };

    const delivery = this.deliver(message, turn);
    // An abandoned attempt may still fail later; that outcome is no longer anyone's to handle.
    delivery.catch(() => undefined);
    return Promise.race([delivery, timedOut]).finally(() => clearTimeout(timer));
  }

  private async settleFailure(
    message: OutboxMessage,
    error: unknown,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const retryable = !(error instanceof DeliveryError) || error.retryable;
    if (!retryable || message.attempts >= (this.options.maxAttempts ?? 10)) {
      await this.store.settleOutbox(message.id, { state: 'dead', error: reason });
      this.log.error({ ...fields, code: 'delivery_failed', reason }, 'notification given up');
      return;
    }
    const waitMs = this.backoff(message.attempts, error);
    const dueAt = new Date(this.clock.now().getTime() + waitMs);
    await this.store.settleOutbox(message.id, { state: 'pending', dueAt, error: reason });
    this.log.warn(
      { ...fields, code: 'delivery_retry', reason, waitMs },
      'notification will be retried',
    );
  }

  private backoff(attempts: number, error: unknown): number {
    const base = this.options.baseBackoffMs ?? 1000;
    const cap = this.options.maxBackoffMs ?? 300_000;
    const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempts - 1));
    const jittered = Math.round(ceiling * (this.options.random ?? Math.random)());
    const floor = error instanceof DeliveryError ? (error.retryAfterMs ?? 0) : 0;
    return Math.max(jittered, floor);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
