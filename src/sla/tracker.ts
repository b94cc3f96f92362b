import type { Priority, Ticket, TicketEvent } from '../tickets/types.js';
import type { Calendars } from './calendar.js';
import { DEFAULT_CALENDARS } from './calendars.js';
import { computeClocks, slaRecord, type SlaRecord } from './clocks.js';
import {
  DEFAULT_LEVELS,
  firedKeys,
  planEscalations,
  type EscalationLevel,
  type Firing,
} from './escalation.js';
import { DEFAULT_SLA_SETTINGS, selectPolicy, type SlaSettings } from './policy.js';

/** The `sla` event key prefix of a regular update sent to the requester. */
export const UPDATE_KEY = 'update@';

/** Where a ticket stands against its service levels, and what must happen now. */
export interface SlaAssessment {
  /** Frozen and running clock figures, with the next instant the scheduler must look. */
  readonly record: SlaRecord;
  readonly fire: readonly Firing[];
  /** The requester has heard nothing for their priority's update interval. */
  readonly updateDue: boolean;
}

export type SlaSubject = Pick<
  Ticket,
  'createdAt' | 'priority' | 'category' | 'state' | 'owner' | 'requesterGroups'
>;

export interface SlaTrackerOptions {
  readonly settings?: SlaSettings;
  readonly calendars?: Calendars;
  readonly levels?: readonly EscalationLevel[];
  /** How long a requester may wait without news, per priority; no regular updates when absent. */
  readonly updateIntervalsMs?: Readonly<Record<Priority, number>>;
}

/** States in which the requester is waiting on the help desk, not the other way round. */
const AWAITING_DESK = new Set(['new', 'triaged', 'assigned', 'in_progress']);

/**
 * Applies the SLA rules to one ticket: picks its policy, computes its clocks from its events,
 * plans the escalations due by `now` and tells when the requester is owed an update. Pure; the
 * ticket service and the scheduler call it.
 */
export class SlaTracker {
  constructor(private readonly options: SlaTrackerOptions = {}) {}

  assess(ticket: SlaSubject, events: readonly TicketEvent[], now: Date): SlaAssessment {
    const calendars = this.options.calendars ?? DEFAULT_CALENDARS;
    const policy = selectPolicy(this.options.settings ?? DEFAULT_SLA_SETTINGS, {
      priority: ticket.priority,
      category: ticket.category,
      requesterGroups: ticket.requesterGroups ?? [],
    });
    const clocks = computeClocks(ticket, events, policy, calendars, now);
    const plan = planEscalations({
      ticket,
      clocks,
      fired: firedKeys(events),
      calendars,
      now,
      levels: this.options.levels ?? DEFAULT_LEVELS,
    });
    const updateAt = this.nextUpdateAt(ticket, events);
    const updateDue = updateAt !== undefined && updateAt <= now.getTime();
    // Something due now makes the ticket due now, so the scheduler's index finds it at once.
    const candidates = [plan.nextAt?.getTime(), updateAt].filter(
      (t): t is number => t !== undefined,
    );
    const next = plan.fire.length > 0 || updateDue ? now.getTime() : Math.min(...candidates);
    const nextDueAt = Number.isFinite(next) ? new Date(next) : undefined;
    return { record: slaRecord(clocks, nextDueAt), fire: plan.fire, updateDue };
  }

  /** The last word to the requester (or creation) plus their priority's interval. */
  private nextUpdateAt(ticket: SlaSubject, events: readonly TicketEvent[]): number | undefined {
    const interval = this.options.updateIntervalsMs?.[ticket.priority];
    if (interval === undefined || !AWAITING_DESK.has(ticket.state)) return undefined;
    let last = Date.parse(ticket.createdAt);
    for (const event of events) {
      const spoke =
        (event.type === 'message' && event.to === 'requester') ||
        (event.type === 'sla' && event.to?.startsWith(UPDATE_KEY));
      if (spoke) last = Math.max(last, Date.parse(event.at));
    }
    return last + interval;
  }
}
