/** The four priorities, P1 the most urgent (ITIL's priority matrix). */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Support tiers: L1 first line, L2 specialists, L3 engineering and infrastructure. */
export const TIERS = ['L1', 'L2', 'L3'] as const;
export type Tier = (typeof TIERS)[number];

export const TICKET_STATES = [
  'new',
  'triaged',
  'assigned',
  'in_progress',
  'waiting_on_requester',
  'resolved',
  'closed',
  'cancelled',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

import type { SlaRecord } from '../sla/clocks.js';

/** Someone who acts on a ticket: an employee, a technician or the system itself. */
export interface Person {
  /** The Teams user id (`29:...`) or `system`. */
  readonly id: string;
  readonly name: string;
  /** The Entra ID object id, needed for Graph notifications and people pickers. */
  readonly aadObjectId?: string;
}

export const SYSTEM: Person = { id: 'system', name: 'Help desk' };

/** The revision a card shows for `ticket` (see {@link Ticket.revision}). */
export function revisionOf(ticket: Pick<Ticket, 'revision' | 'version'>): number {
  return ticket.revision ?? ticket.version;
}

/** What triage proposed for a report; kept on the ticket beside the final values. */
export interface TriageProposal {
  readonly priority: Priority;
  readonly category: string;
  readonly tier: Tier;
  readonly reasons: readonly string[];
}

export interface Ticket {
  /** Human-readable id, e.g. `HD-1042`; unique per tenant. */
  readonly id: string;
  readonly number: number;
  readonly tenantId: string;
  readonly title: string;
  readonly description: string;
  readonly requester: Person;
  readonly state: TicketState;
  readonly priority: Priority;
  readonly category: string;
  readonly tier: Tier;
  readonly reasons: readonly string[];
  readonly proposal: TriageProposal;
  readonly owner?: Person;
  /** ISO-8601 instants. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * Optimistic-concurrency version: a write names the version it read, and the store refuses it
   * when somebody else wrote in between.
   */
  readonly version: number;
  /**
   * Counts the changes people can see. Cards carry it, and a card drawn from an older revision is
   * stale. The SLA scheduler's bookkeeping bumps `version` but not this, so a warning firing in
   * the background does not make every open card stale. Absent on tickets from before it existed.
   */
  readonly revision?: number;
  /** The key that makes intake idempotent (one ticket per confirmed report). */
  readonly intakeKey: string;
  /** The resolution note, once resolved; kept for the knowledge base. */
  readonly resolution?: string;
  /** The requester's groups when the ticket was made (ids and names), for SLA policy rules. */
  readonly requesterGroups?: readonly string[];
  /** The service-level clocks as of the last change, and when the scheduler must look next. */
  readonly sla?: SlaRecord;
}

export type TicketEventType =
  | 'created'
  /** `from` → `to` are ticket states. */
  | 'state'
  /** `to` is the new owner's name, absent when released. */
  | 'owner'
  | 'priority'
  | 'category'
  | 'tier'
  /** A message between technician and requester; `to` is `requester` or `technician`. */
  | 'message'
  /** An internal note seen only by technicians. */
  | 'comment'
  /** Escalated to the next tier (`from` → `to` are tiers); `note` is the reason. */
  | 'escalation'
  /** An SLA warning or breach fired; `to` names the level (e.g. `response:75`). */
  | 'sla'
  /** The requester attached a file; `to` is its URL. */
  | 'attachment';

/** One change to a ticket: who did what, when, from which value to which. */
export interface TicketEvent {
  readonly ticketId: string;
  readonly at: string;
  readonly actor: Person;
  readonly type: TicketEventType;
  readonly from?: string;
  readonly to?: string;
  readonly note?: string;
}
