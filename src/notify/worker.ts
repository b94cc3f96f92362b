import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { OutboxMessage, Store } from '../store/contract.js';

/** Raised by a deliverer to say how a failed attempt should be treated. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** From a `Retry-After` header: wait at least this long before the next attempt. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryError';
  }
}

/** Sends one message; throws {@link DeliveryError} when it could not. */
export type Deliver = (message: OutboxMessage) => Promise<void>;

export interface OutboxWorkerOptions {
  readonly pollMs: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  /** Backoff after the first failure; doubles each attempt, capped at `maxBackoffMs`. */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly random?: () => number;
}

/**
 * Delivers what the outbox holds: leases due messages, hands each to `deliver`, and records
 * the outcome. Failures are retried with exponential backoff and full jitter, never sooner
 * than a `Retry-After`; a message that keeps failing is marked dead for an operator to see.
 */
export class OutboxWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly deliver: Deliver,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: OutboxWorkerOptions,
  ) {}

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

  /** Delivers everything due now; returns how many messages it attempted. */
  async drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const batch = await this.store.leaseOutbox(
        this.clock.now(),
        this.options.batchSize ?? 25,
        this.options.leaseMs ?? 60_000,
      );
      if (batch.length === 0) return attempted;
      for (const message of batch) await this.attempt(message);
      attempted += batch.length;
      if (this.stopped) return attempted;
    }
  }

  private async attempt(message: OutboxMessage): Promise<void> {
    const fields = { outboxId: message.id, kind: message.kind, ticketId: message.ticketId };
    try {
      await this.deliver(message);
      await this.store.settleOutbox(message.id, { state: 'delivered' });
      this.log.info({ ...fields, attempts: message.attempts }, 'notification delivered');
    } catch (error) {
      await this.settleFailure(message, error, fields);
    }
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
