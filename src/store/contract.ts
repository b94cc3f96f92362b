import type { Priority, Ticket, TicketEvent, TicketState, Tier } from '../tickets/types.js';

/** A notification waiting to be delivered; written in the same step as the change behind it. */
export interface OutboxMessage {
  /** Idempotency key: one id per causing event and recipient, so nothing is sent twice. */
  readonly id: string;
  readonly tenantId: string;
  readonly kind: string;
  readonly ticketId?: string;
  /** A conversation key (see {@link conversationKey}) or a Graph user id, by kind. */
  readonly target: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  /** ISO instant before which the message is not tried (backoff, Retry-After, lease). */
  readonly dueAt: string;
  readonly state: 'pending' | 'delivered' | 'dead';
  readonly lastError?: string;
}

export type NewOutboxMessage = Pick<OutboxMessage, 'id' | 'kind' | 'target' | 'payload'>;

/** What a ticket change writes besides the ticket: its events and the notifications it causes. */
export interface ChangeSet {
  readonly events: readonly TicketEvent[];
  readonly outbox: readonly NewOutboxMessage[];
}

export type NewTicket = Omit<Ticket, 'id' | 'number' | 'version'>;

export interface CreateResult {
  readonly ticket: Ticket;
  /** False when a ticket with the same intake key already existed (a redelivered request). */
  readonly created: boolean;
}

export type QueueOrder = 'newest' | 'urgent';

/** A page of a queue. Filters combine with AND. */
export interface TicketQuery {
  readonly tenantId: string;
  readonly requesterId?: string;
  readonly ownerId?: string;
  readonly unassigned?: boolean;
  readonly tier?: Tier;
  readonly states?: readonly TicketState[];
  readonly order: QueueOrder;
  readonly limit: number;
  /** Opaque token from the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when there is another page. */
  readonly cursor?: string;
}

/** Namespaces of the small key-value documents the bot keeps beside tickets. */
export type KvNamespace =
  | 'activity' // processed activity ids (idempotent intake)
  | 'conversation' // conversation references for proactive messages
  | 'ticket-card' // where a ticket's channel card lives
  | 'settings' // per-tenant admin settings
  | 'bot-state' // botbuilder / teams-ai turn state
  | 'triage-model' // the learned triage model, per tenant
  | 'preferences' // which notifications a person muted, and what a tenant's admin requires
  | 'conversation-health'; // conversations the bot may no longer send to (403 from Teams)

export interface KvItem<T> {
  readonly value: T;
  /** Opaque version for optimistic writes. */
  readonly etag: string;
}

/**
 * The storage contract. SQLite and Cosmos DB implement it, and one contract test suite runs
 * against both. Every race (two claims, two instances numbering tickets) is decided here by a
 * version check, never by an in-process lock.
 */
export interface Store {
  readonly kind: 'sqlite' | 'cosmos';

  /**
   * Numbers and stores a new ticket with the events and notifications `compose` derives from it,
   * all or nothing. A second call with the same `intakeKey` returns the first ticket unchanged.
   */
  createTicket(input: NewTicket, compose: (ticket: Ticket) => ChangeSet): Promise<CreateResult>;

  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;

  /**
   * Replaces a ticket whose stored version is still `next.version`, bumping the version, and
   * appends the change set in the same step. Throws {@link ConflictError} when the ticket moved on.
   */
  updateTicket(next: Ticket, change: ChangeSet): Promise<Ticket>;

  listEvents(tenantId: string, ticketId: string): Promise<readonly TicketEvent[]>;

  listTickets(query: TicketQuery): Promise<Page<Ticket>>;

  /**
   * Tickets of any tenant whose `sla.nextDueAt` is at or before `before`, earliest first: the
   * SLA scheduler's work list. Served by an index, so its cost follows the due tickets only.
   */
  listDueTickets(before: Date, limit: number): Promise<readonly Ticket[]>;

  getItem<T>(ns: KvNamespace, key: string): Promise<KvItem<T> | undefined>;
  /** Writes unconditionally, or only over `etag` when given (ConflictError otherwise). */
  putItem<T>(ns: KvNamespace, key: string, value: T, etag?: string): Promise<KvItem<T>>;
  /** Writes only when the key is absent; tells whether this call wrote it. */
  putItemIfAbsent<T>(ns: KvNamespace, key: string, value: T): Promise<boolean>;
  deleteItem(ns: KvNamespace, key: string): Promise<void>;

  /**
   * Leases up to `limit` pending messages due at `now` for `leaseMs`: a leased message is not
   * handed to another worker until the lease ends, so two instances do not deliver it twice.
   */
  leaseOutbox(now: Date, limit: number, leaseMs: number): Promise<readonly OutboxMessage[]>;
  /** Records the outcome of one delivery attempt of a leased message. */
  settleOutbox(
    id: string,
    outcome:
      | { readonly state: 'delivered' }
      | { readonly state: 'dead'; readonly error: string }
      | { readonly state: 'pending'; readonly dueAt: Date; readonly error: string },
  ): Promise<void>;
  getOutboxMessage(id: string): Promise<OutboxMessage | undefined>;

  close(): Promise<void>;
}

/** Orders priorities for the `urgent` queue order: P1 first. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/** The key under which a conversation reference is kept. */
export function conversationKey(kind: 'user' | 'channel', id: string): string {
  return `${kind}:${id}`;
}
