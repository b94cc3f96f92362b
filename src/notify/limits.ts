/** At most `limit` sends in any `spanMs` milliseconds. */
export interface Window {
  readonly limit: number;
  readonly spanMs: number;
}

/** The windows that apply to each send: one set per conversation and one per tenant. */
export interface RateLimits {
  readonly conversation: readonly Window[];
  readonly tenant: readonly Window[];
}

/**
 * Teams' limits for one bot: per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour;
 * per app per tenant about 50 requests a second.
 */
export const TEAMS_LIMITS: RateLimits = {
  conversation: [
    { limit: 7, spanMs: 1_000 },
    { limit: 8, spanMs: 2_000 },
    { limit: 60, spanMs: 30_000 },
    { limit: 1800, spanMs: 3_600_000 },
  ],
  tenant: [{ limit: 50, spanMs: 1_000 }],
};

/** No limits at all: for benchmarks that measure the outbox itself. */
export const NO_LIMITS: RateLimits = { conversation: [], tenant: [] };

/**
 * Sliding windows over the instants of past sends, per key. A send is allowed when, for every
 * window of every key it counts against, fewer than `limit` sends happened in the last `spanMs`.
 * The instants are kept in memory: each process (each instance) has its own, so two instances
 * may together send up to twice the rate. `marginMs` widens every span a little, because Teams
 * counts arrivals and a request takes a few milliseconds to get there.
 */
export class SlidingWindows {
  private readonly sends = new Map<string, number[]>();
  private pushes = 0;

  private readonly quietUntil: number;

  /**
   * `startedAt` starts a quiet spell as long as the short windows (those of a few seconds): a
   * process that just started cannot know what the one before it sent, and a restart can take
   * less than 2 s. The 30 s and hourly windows are not covered this way; see docs/notifications.md.
   */
  constructor(
    private readonly limits: RateLimits,
    private readonly marginMs = 100,
    startedAt?: number,
  ) {
    const short = [...limits.conversation, ...limits.tenant].filter((w) => w.spanMs <= 5_000);
    const hold = short.length > 0 ? Math.max(...short.map((w) => w.spanMs)) + marginMs : 0;
    this.quietUntil = startedAt === undefined ? 0 : startedAt + hold;
  }

  /** How long until one more send to `conversation` in `tenant` is allowed; 0 for now. */
  waitMs(tenant: string, conversation: string, now: number): number {
    return Math.max(
      this.quietUntil - now,
      this.waitFor(`t:${tenant}`, this.limits.tenant, now),
      this.waitFor(`c:${tenant}/${conversation}`, this.limits.conversation, now),
    );
  }

  /** Records a send now; call only when {@link waitMs} said 0, in the same tick. */
  record(tenant: string, conversation: string, now: number): void {
    this.push(`t:${tenant}`, this.limits.tenant, now);
    this.push(`c:${tenant}/${conversation}`, this.limits.conversation, now);
  }

  private waitFor(key: string, windows: readonly Window[], now: number): number {
    const sends = this.sends.get(key);
    if (!sends) return 0;
    let wait = 0;
    for (const { limit, spanMs } of windows) {
      // The send `limit` places back must have left the window before one more may go.
      const blocking = sends[sends.length - limit];
      if (blocking !== undefined) wait = Math.max(wait, blocking + spanMs + this.marginMs - now);
    }
    return wait;
  }

  private push(key: string, windows: readonly Window[], now: number): void {
    if (windows.length === 0) return;
    const sends = this.sends.get(key) ?? [];
    sends.push(now);
    this.sends.set(key, sends);
    // A send older than the longest window can no longer hold anything back.
    const horizon = now - this.longest(windows);
    let drop = 0;
    while (drop < sends.length && sends[drop] <= horizon) drop++;
    if (drop > 0) sends.splice(0, drop);
    if (++this.pushes % 10_000 === 0) this.sweep(now);
  }

  /** Forgets keys that have been quiet for longer than every window. */
  private sweep(now: number): void {
    const { conversation, tenant } = this.limits;
    const horizon = now - Math.max(this.longest(conversation), this.longest(tenant));
    for (const [key, sends] of this.sends) {
      if (sends.length === 0 || sends[sends.length - 1] <= horizon) this.sends.delete(key);
    }
  }

  private longest(windows: readonly Window[]): number {
    return Math.max(0, ...windows.map((w) => w.spanMs)) + this.marginMs;
  }
}
