import { createHash } from 'node:crypto';
import type { Ticket, TicketEvent, TicketState, Tier } from '../../tickets/types.js';
import type { KvNamespace, OutboxMessage } from '../contract.js';

/*
 * The shapes of the documents in each container. docs/cosmos.md explains the layout; the
 * fields at the top level of a ticket document are there to be indexed and queried, the ticket
 * itself travels whole in `ticket`.
 */

/** One committed change of a ticket: the version it produced and the writer's change id. */
export interface ChangeRecord {
  readonly v: number;
  readonly id: string;
}

/** `tickets` container, partition `/tenantId`: the ticket, its recent events, its commit log. */
export interface TicketDoc {
  readonly id: string;
  readonly tenantId: string;
  readonly type: 'ticket';
  readonly ticket: Ticket;
  readonly number: number;
  readonly intakeKey: string;
  readonly requesterId: string;
  /** Empty when nobody owns the ticket, so "unassigned" is an equality on an indexed path. */
  readonly ownerId: string;
  readonly tier: Tier;
  readonly state: TicketState;
  readonly isOpen: boolean;
  readonly priorityRank: number;
  /** The newest events, oldest first; older ones moved to event pages. */
  readonly events: readonly TicketEvent[];
  /** How many {@link EventPageDoc}s hold this ticket's older events. */
  readonly eventPages: number;
  /** The last changes, newest last: lets a reader tell whether a staged write committed. */
  readonly changes: readonly ChangeRecord[];
}

/** `tickets` container: a full, immutable page of a ticket's older events. */
export interface EventPageDoc {
  readonly id: string;
  readonly tenantId: string;
  readonly type: 'events';
  readonly ticketId: string;
  readonly page: number;
  readonly events: readonly TicketEvent[];
}

/** An intake key recently given a number; completes a create that stopped half-way. */
export interface IntakeReservation {
  readonly key: string;
  readonly number: number;
}

/** `tickets` container, one per tenant: the last ticket number handed out. */
export interface CounterDoc {
  readonly id: typeof COUNTER_ID;
  readonly tenantId: string;
  readonly type: 'counter';
  readonly value: number;
  readonly recent: readonly IntakeReservation[];
}

/** A change that staged an outbox message: its id and the ticket version it was written over. */
export interface Candidate {
  readonly change: string;
  /** 0 for a new ticket. */
  readonly base: number;
}

/** Which change an outbox message waits on before it may be sent. */
export interface PendingCommit {
  readonly tenantId: string;
  readonly ticketId: string;
  /** Every change that staged this message; it is real once any of them committed. */
  readonly candidates: readonly Candidate[];
  /** Wall-clock time of the last staging, to tell a writer at work from one that stopped. */
  readonly stagedAt: string;
  /** How often a worker found the outcome undecided. */
  readonly checks: number;
}

/** `outbox` container, partition `/shard`. */
export interface OutboxDoc {
  readonly id: string;
  readonly shard: string;
  readonly messageId: string;
  readonly tenantId: string;
  readonly kind: string;
  readonly ticketId?: string;
  readonly target: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  readonly dueAt: string;
  readonly state: OutboxMessage['state'];
  readonly lastError?: string | null;
  /** Present until the change that wrote the message is known to have committed. */
  readonly unconfirmed?: PendingCommit;
  /** Seconds until Cosmos deletes a settled message (needs TTL on the container). */
  readonly ttl?: number;
}

/**
 * `timers` container, partition `/shard`: when a ticket's SLA needs the scheduler next. Never
 * later than the ticket's own `sla.nextDueAt` (a change lowers it before it commits); it may be
 * earlier, and the reader then corrects it from the ticket, which is the truth.
 */
export interface TimerDoc {
  readonly id: string;
  readonly shard: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly dueAt: string;
  /** The ticket version the change that last lowered this timer was to produce. */
  readonly atVersion: number;
  /** When that change lowered it, to tell a writer that stopped from one still at work. */
  readonly loweredAt: string;
}

/** `kv` container, partition `/id`: one small document per key. */
export interface KvDoc<T> {
  readonly id: string;
  readonly ns: KvNamespace;
  readonly key: string;
  readonly value: T;
  /** Tells a retried write that found the item changed whether the change was its own. */
  readonly writeId: string;
  readonly ttl?: number;
}

export const COUNTER_ID = 'counter';

export function eventPageId(ticketId: string, page: number): string {
  return `${ticketId}~events~${page}`;
}

/**
 * A Cosmos item id for an arbitrary key. Ids may not hold `/ \ ? #` and are limited in length,
 * while our keys (conversation ids, outbox ids) often hold `/`: such keys are replaced by a
 * hash, marked by a leading `~` that no plain key can have.
 */
export function itemId(key: string): string {
  if (/^[A-Za-z0-9_.:@=+-]{1,200}$/.test(key)) return key;
  return `~${createHash('sha256').update(key).digest('base64url')}`;
}

export function toTicket(doc: TicketDoc): Ticket {
  return doc.ticket;
}

export function toOutboxMessage(doc: OutboxDoc): OutboxMessage {
  return {
    id: doc.messageId,
    tenantId: doc.tenantId,
    kind: doc.kind,
    ticketId: doc.ticketId,
    target: doc.target,
    payload: doc.payload,
    attempts: doc.attempts,
    dueAt: doc.dueAt,
    state: doc.state,
    lastError: doc.lastError ?? undefined,
  };
}
