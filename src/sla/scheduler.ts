import type { Clock } from '../clock.js';
import { isHelpdeskError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/contract.js';
import type { Ticket } from '../tickets/types.js';
import { respondToFirings, withRegularUpdate, type Responders } from './respond.js';
import type { SlaTracker } from './tracker.js';

export interface SchedulerOptions {
  /** The longest sleep between passes, so a missed wake-up costs at most this long. */
  readonly maxSleepMs: number;
  readonly batchSize?: number;
  /** Called after a pass wrote notifications, so the outbox worker delivers them at once. */
  readonly onNotified?: () => void;
}

/**
 * Fires SLA escalations when they come due. Due times live on the tickets in the store, so a
 * restart loses nothing: the first pass fires whatever became due while the process was down.
 * Several instances may run: each firing is written with the ticket's version check, so only
 * the instance that wins the write fires it, and the loser sees the ticket no longer due.
 */
export class SlaScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly tracker: SlaTracker,
    private readonly responders: (tenantId: string) => Promise<Responders>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks again soon: a change may have made a ticket due now (an unclaimed P1). */
  kick(): void {
    if (this.stopped || this.running) return;
    clearTimeout(this.timer);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: fires everything due now. Returns how many tickets it changed. */
  async runDue(): Promise<number> {
    let changed = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.store.listDueTickets(now, this.options.batchSize ?? 50);
      let progressed = 0;
      for (const ticket of due) if (await this.fire(ticket, now)) progressed++;
      changed += progressed;
      // A full batch that changed nothing was all lost races: the winners have moved them on.
      if (due.length < (this.options.batchSize ?? 50) || progressed === 0) return changed;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async pass(): Promise<void> {
    try {
      if ((await this.runDue()) > 0) this.options.onNotified?.();
    } catch (error) {
      this.log.error({ code: 'sla_scheduler_failed', err: error }, 'SLA pass failed; will retry');
    }
    this.schedule(await this.sleepMs());
  }

  /** Sleeps until the next due ticket, but never longer than `maxSleepMs`. */
  private async sleepMs(): Promise<number> {
    const now = this.clock.now().getTime();
    const horizon = new Date(now + this.options.maxSleepMs);
    const [next] = await this.store.listDueTickets(horizon, 1);
    const dueAt = next?.sla?.nextDueAt ? Date.parse(next.sla.nextDueAt) : horizon.getTime();
    return Math.max(0, Math.min(this.options.maxSleepMs, dueAt - now));
  }

  private async fire(ticket: Ticket, now: Date): Promise<boolean> {
    const events = await this.store.listEvents(ticket.tenantId, ticket.id);
    const { fire, updateDue } = this.tracker.assess(ticket, events, now);
    const responded = respondToFirings(ticket, fire, now, await this.responders(ticket.tenantId));
    const change = updateDue ? withRegularUpdate(responded, now) : responded;
    const after = [...events, ...change.events];
    const record = this.tracker.assess(change.ticket, after, now).record;
    // Nothing fired and nothing moved: a write would only spin this ticket in the due list.
    const idle = fire.length === 0 && !updateDue;
    if (idle && record.nextDueAt === ticket.sla?.nextDueAt) return false;
    try {
      await this.store.updateTicket({ ...change.ticket, sla: record }, change);
    } catch (error) {
      // Another instance, or a technician, wrote first; the next pass looks at their version.
      if (isHelpdeskError(error, 'conflict')) return false;
      throw error;
    }
    for (const firing of fire) {
      this.log.info(
        { tenantId: ticket.tenantId, ticketId: ticket.id, key: firing.key, action: firing.action },
        firing.superseded ? 'SLA level recorded (superseded)' : 'SLA level fired',
      );
    }
    return true;
  }
}
