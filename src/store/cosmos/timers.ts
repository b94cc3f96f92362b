import { ConflictError } from '../../errors.js';
import type { Ticket } from '../../tickets/types.js';
import { itemId, type TicketDoc, type TimerDoc } from './documents.js';
import type { Requests, Stored } from './requests.js';
import { SHARDS, shardOf } from './shards.js';

/**
 * A change that lowered a timer and has not committed after this long has stopped (every
 * write gives up well within a minute). Measured on the wall clock: it is about processes,
 * not about the help desk's time.
 */
const ABANDONED_MS = 5 * 60_000;
/** Changes lowering one ticket's timer at the same moment; each loser reads again. */
const LOWER_ATTEMPTS = 5;
/** Passes over the shards while early timers are being corrected and the batch is not full. */
const ROUNDS = 3;

/** When a ticket's SLA needs the scheduler next, if ever. */
export function nextDueOf(ticket: Ticket): string | undefined {
  return ticket.sla?.nextDueAt;
}

/**
 * The index behind `listDueTickets`: one timer per ticket in the `timers` container, sharded so
 * the scheduler reads due timers with a few single-partition queries, never a query across
 * every tenant's tickets. The ticket stays the truth. A change that makes its ticket due earlier
 * lowers the timer before it commits, so a timer is never later than its ticket; a timer that
 * is earlier (the change lost, or made the ticket due later, or resolved it) is corrected by the
 * reader that finds it due, with a conditional write, once no change that lowered it can still
 * commit.
 */
export class DueTimers {
  constructor(
    private readonly timers: Requests,
    private readonly tickets: Requests,
  ) {}

  /** Before `next` is written over `previous`: brings the timer down to its new due time. */
  async lower(next: Ticket, previous: Ticket | undefined): Promise<void> {
    const due = nextDueOf(next);
    const was = previous && nextDueOf(previous);
    if (due === undefined || (was !== undefined && was <= due)) return;
    const key = `${next.tenantId}/${next.id}`;
    for (let attempt = 1; attempt <= LOWER_ATTEMPTS; attempt++) {
      const current = await this.timers.read<TimerDoc>(itemId(key), shardOf(key));
      // Always write, even when the timer is already earlier: the new ETag and version stop a
      // reader from raising it to the ticket's old due time while this change commits.
      const doc: TimerDoc = {
        id: itemId(key),
        shard: shardOf(key),
        tenantId: next.tenantId,
        ticketId: next.id,
        dueAt: current && current.dueAt < due ? current.dueAt : due,
        atVersion: Math.max(current?.atVersion ?? 0, next.version),
        loweredAt: new Date().toISOString(),
      };
      const written = current
        ? await this.timers.replace(doc, doc.shard, current._etag)
        : await this.timers.create(doc);
      if (typeof written === 'object') return;
    }
    throw new ConflictError(`The SLA timer of ticket ${next.id}`);
  }

  /** Tickets of any tenant due at or before `before`, earliest first. */
  async due(before: Date, limit: number): Promise<readonly Ticket[]> {
    const found = new Map<string, Ticket>();
    const looked = new Set<string>();
    for (let round = 1; round <= ROUNDS && found.size < limit; round++) {
      const pages = await Promise.all(
        SHARDS.map((shard) =>
          this.timers.page<TimerDoc & Stored>(dueQuery(shard, before), shard, limit),
        ),
      );
      const timers = pages.flatMap((p) => p.items).filter((t) => !looked.has(t.id));
      for (const t of timers) looked.add(t.id);
      const checked = await Promise.all(timers.map((t) => this.check(t, before)));
      for (const { ticket } of checked) {
        if (ticket) found.set(`${ticket.tenantId}/${ticket.id}`, ticket);
      }
      // Unless early timers were moved out of the way, another pass finds nothing new.
      if (!checked.some((c) => c.corrected)) break;
    }
    return [...found.values()]
      .sort((a, b) => nextDueOf(a)!.localeCompare(nextDueOf(b)!))
      .slice(0, limit);
  }

  /** Returns the ticket when it is due, or corrects its early timer when that is safe. */
  private async check(
    timer: TimerDoc & Stored,
    before: Date,
  ): Promise<{ ticket?: Ticket; corrected: boolean }> {
    const doc = await this.tickets.read<TicketDoc>(timer.ticketId, timer.tenantId);
    const ticket = doc?.type === 'ticket' ? doc.ticket : undefined;
    const due = ticket && nextDueOf(ticket);
    if (ticket && due !== undefined && due <= before.toISOString()) {
      return { ticket, corrected: false };
    }
    // The timer is early. A change that lowered it may still be on its way: leave it be.
    const pending = !ticket || ticket.version < timer.atVersion;
    if (pending && Date.now() - Date.parse(timer.loweredAt) < ABANDONED_MS) {
      return { corrected: false };
    }
    // Conditional on the ETag we read: a change lowering it meanwhile wins.
    const outcome =
      due === undefined
        ? await this.timers.delete(timer.id, timer.shard, timer._etag)
        : await this.timers.replace({ ...timer, dueAt: due }, timer.shard, timer._etag);
    return { corrected: outcome !== 'stale' };
  }
}

function dueQuery(shard: string, before: Date) {
  return {
    query: 'SELECT * FROM c WHERE c.shard = @shard AND c.dueAt <= @before ORDER BY c.dueAt ASC',
    parameters: [
      { name: '@shard', value: shard },
      { name: '@before', value: before.toISOString() },
    ],
  };
}
