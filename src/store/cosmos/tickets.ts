import { randomUUID } from 'node:crypto';
import { ConflictError, HelpdeskError } from '../../errors.js';
import { isOpen } from '../../tickets/lifecycle.js';
import type { Ticket, TicketEvent } from '../../tickets/types.js';
import { PRIORITY_RANK, type ChangeSet, type CreateResult, type NewTicket } from '../contract.js';
import { eventPageId, type ChangeRecord, type EventPageDoc, type TicketDoc } from './documents.js';
import type { TicketNumbers } from './numbering.js';
import type { OutboxRecords } from './outbox.js';
import type { Requests, Stored } from './requests.js';
import type { DueTimers } from './timers.js';

/** Changes remembered on a ticket, so a worker can tell a committed change from a lost one. */
export const CHANGE_LOG = 50;

export interface TicketRecordsOptions {
  readonly ticketPrefix: string;
  /** Events beyond this size (JSON bytes) move to an event page at the next change. */
  readonly eventBytesPerDocument: number;
}

/**
 * Tickets in the `tickets` container. A ticket, its recent events and the record of its last
 * changes are one document, so one conditional replace stores a change and its events
 * atomically; older events move to immutable event pages written before the replace that
 * drops them. Outbox messages are staged, and an earlier SLA timer set, before that replace;
 * messages count only once it commits, and a timer may be early but never late.
 */
export class TicketRecords {
  constructor(
    private readonly tickets: Requests,
    private readonly numbers: TicketNumbers,
    private readonly outbox: OutboxRecords,
    private readonly timers: DueTimers,
    private readonly options: TicketRecordsOptions,
  ) {}

  async create(input: NewTicket, compose: (ticket: Ticket) => ChangeSet): Promise<CreateResult> {
    const known = await this.findByIntake(input.tenantId, input.intakeKey);
    if (known) return { ticket: known, created: false };

    const { number, fresh } = await this.numbers.reserve(input.tenantId, input.intakeKey);
    const id = `${this.options.ticketPrefix}-${number}`;
    if (!fresh) {
      // The key already had this number: its ticket exists, or its first create stopped short.
      const existing = await this.read(input.tenantId, id);
      if (existing) return { ticket: existing.ticket, created: false };
    }

    const ticket: Ticket = { ...input, id, number, version: 1 };
    const change = compose(ticket);
    const changeId = randomUUID();
    await Promise.all([
      this.outbox.stage(ticket, change.outbox, { changeId, baseVersion: 0 }),
      this.timers.lower(ticket, undefined),
    ]);
    const doc = ticketDoc(ticket, change.events, 0, [{ v: 1, id: changeId }]);
    const written = await this.tickets.create(doc);
    if (written !== 'exists') return { ticket, created: true };

    // Someone completed the same reservation first, or this is our own retried write.
    const winner = await this.read(input.tenantId, id);
    if (!winner) throw new ConflictError(`Ticket ${id}`);
    return { ticket: winner.ticket, created: committed(winner, changeId) };
  }

  async get(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    return (await this.read(tenantId, ticketId))?.ticket;
  }

  async update(next: Ticket, change: ChangeSet): Promise<Ticket> {
    const current = await this.read(next.tenantId, next.id);
    if (!current) throw notFound(next.id);
    if (current.ticket.version !== next.version) throw new ConflictError(`Ticket ${next.id}`);

    const saved: Ticket = { ...next, version: next.version + 1 };
    const changeId = randomUUID();
    const kept = await this.spillEvents(current);
    await Promise.all([
      this.outbox.stage(saved, change.outbox, { changeId, baseVersion: next.version }),
      this.timers.lower(saved, current.ticket),
    ]);
    const log = [...current.changes, { v: saved.version, id: changeId }].slice(-CHANGE_LOG);
    const doc = ticketDoc(saved, [...kept.events, ...change.events], kept.pages, log);

    const written = await this.tickets.replace(doc, next.tenantId, current._etag);
    if (typeof written === 'object') return saved;
    // 412 or 404: someone else wrote first, unless an earlier attempt of ours already landed.
    const now = await this.read(next.tenantId, next.id);
    if (now && committed(now, changeId)) return saved;
    throw now ? new ConflictError(`Ticket ${next.id}`) : notFound(next.id);
  }

  async events(tenantId: string, ticketId: string): Promise<readonly TicketEvent[]> {
    const doc = await this.read(tenantId, ticketId);
    if (!doc) return [];
    const pages = await Promise.all(
      Array.from({ length: doc.eventPages }, (_, page) =>
        this.tickets.read<EventPageDoc>(eventPageId(ticketId, page), tenantId),
      ),
    );
    const older = pages.flatMap((page, i) => {
      if (page) return page.events;
      throw new HelpdeskError(
        'not_found',
        `Event page ${i} of ticket ${ticketId} is missing; its history cannot be shown whole.`,
      );
    });
    return [...older, ...doc.events];
  }

  /** The stored document of a ticket, or undefined when there is none. */
  async read(tenantId: string, ticketId: string): Promise<(TicketDoc & Stored) | undefined> {
    const doc = await this.tickets.read<TicketDoc>(ticketId, tenantId);
    // The partition also holds the counter and event pages; only a ticket is a ticket.
    return doc?.type === 'ticket' ? doc : undefined;
  }

  private async findByIntake(tenantId: string, intakeKey: string): Promise<Ticket | undefined> {
    const { items } = await this.tickets.page<Ticket>(
      {
        query:
          "SELECT VALUE c.ticket FROM c WHERE c.tenantId = @tenantId AND c.type = 'ticket' " +
          'AND c.intakeKey = @intakeKey',
        parameters: [
          { name: '@tenantId', value: tenantId },
          { name: '@intakeKey', value: intakeKey },
        ],
      },
      tenantId,
      1,
    );
    return items[0];
  }

  /**
   * Moves the oldest events to a new page when the document's events grew past the limit, so
   * a busy ticket's document (read and rewritten on every change) stays small. The page is cut
   * from committed events only, by a rule that depends on nothing else, so every writer racing
   * from the same version writes the same page and a 409 means it is already there.
   */
  private async spillEvents(
    current: TicketDoc,
  ): Promise<{ events: readonly TicketEvent[]; pages: number }> {
    const limit = this.options.eventBytesPerDocument;
    const { events } = current;
    if (bytes(events) <= limit) return { events, pages: current.eventPages };
    let cut = 1;
    while (cut < events.length && bytes(events.slice(cut)) > limit / 2) cut++;
    const page: EventPageDoc = {
      id: eventPageId(current.id, current.eventPages),
      tenantId: current.tenantId,
      type: 'events',
      ticketId: current.id,
      page: current.eventPages,
      events: events.slice(0, cut),
    };
    await this.tickets.create(page);
    return { events: events.slice(cut), pages: current.eventPages + 1 };
  }
}

function ticketDoc(
  ticket: Ticket,
  events: readonly TicketEvent[],
  eventPages: number,
  changes: readonly ChangeRecord[],
): TicketDoc {
  return {
    id: ticket.id,
    tenantId: ticket.tenantId,
    type: 'ticket',
    ticket,
    number: ticket.number,
    intakeKey: ticket.intakeKey,
    requesterId: ticket.requester.id,
    ownerId: ticket.owner?.id ?? '',
    tier: ticket.tier,
    state: ticket.state,
    isOpen: isOpen(ticket.state),
    priorityRank: PRIORITY_RANK[ticket.priority],
    events,
    eventPages,
    changes,
  };
}

/** Whether the change `changeId` is among those the document records as committed. */
export function committed(doc: TicketDoc, changeId: string): boolean {
  return doc.changes.some((c) => c.id === changeId);
}

function bytes(events: readonly TicketEvent[]): number {
  return Buffer.byteLength(JSON.stringify(events));
}

function notFound(ticketId: string): HelpdeskError {
  return new HelpdeskError('not_found', `Ticket ${ticketId} does not exist.`);
}
