import type { Ticket, TicketEvent } from '../tickets/types.js';
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

/** Where a ticket stands against its service levels, and what must fire now. */
export interface SlaAssessment {
  /** Frozen and running clock figures, with the next instant the scheduler must look. */
  readonly record: SlaRecord;
  readonly fire: readonly Firing[];
}

export type SlaSubject = Pick<Ticket, 'createdAt' | 'priority' | 'category' | 'state' | 'owner'>;

/**
 * Applies the SLA rules to one ticket: picks its policy, computes its clocks from its events and
 * plans the escalations due by `now`. Pure; the ticket service and the scheduler call it.
 */
export class SlaTracker {
  constructor(
    private readonly settings: SlaSettings = DEFAULT_SLA_SETTINGS,
    private readonly calendars: Calendars = DEFAULT_CALENDARS,
    private readonly levels: readonly EscalationLevel[] = DEFAULT_LEVELS,
  ) {}

  assess(ticket: SlaSubject, events: readonly TicketEvent[], now: Date): SlaAssessment {
    const policy = selectPolicy(this.settings, {
      priority: ticket.priority,
      category: ticket.category,
      // Tickets do not carry the requester's groups yet, so group rules never match.
      requesterGroups: [],
    });
    const clocks = computeClocks(ticket, events, policy, this.calendars, now);
    const plan = planEscalations({
      ticket,
      clocks,
      fired: firedKeys(events),
      calendars: this.calendars,
      now,
      levels: this.levels,
    });
    // Something due now makes the ticket due now, so the scheduler's index finds it at once.
    const nextDueAt = plan.fire.length > 0 ? now : plan.nextAt;
    return { record: slaRecord(clocks, nextDueAt), fire: plan.fire };
  }
}
