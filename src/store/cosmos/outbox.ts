import type { PatchOperation } from '@azure/cosmos';
import { ConflictError } from '../../errors.js';
import type { Ticket } from '../../tickets/types.js';
import type { NewOutboxMessage, OutboxMessage, Store } from '../contract.js';
import {
  itemId,
  toOutboxMessage,
  type Candidate,
  type OutboxDoc,
  type PendingCommit,
  type TicketDoc,
} from './documents.js';
import type { Requests, Stored } from './requests.js';
import { SHARDS, shardOf } from './shards.js';

/** How long settled messages stay for operators before Cosmos TTL removes them. */
const DELIVERED_TTL_S = 30 * 24 * 3600;
const DEAD_TTL_S = 90 * 24 * 3600;
/** A staged message whose change is still undecided after this long is given up. */
const GIVE_UP_MS = 24 * 3600 * 1000;
/**
 * A change is usually committed within milliseconds of staging its messages. For this long a
 * worker that finds it undecided only looks again at its next pass, writing nothing, so the
 * message goes out as soon as the change lands; after that it backs off from FIRST_RECHECK_MS.
 */
const QUIET_MS = 10_000;
const FIRST_RECHECK_MS = 1000;
/** Staging a message whose id is being staged by racing changes at the same moment. */
const STAGE_ATTEMPTS = 5;

export type Verdict = 'committed' | 'aborted' | 'undecided' | 'lost';

/**
 * The `outbox` container. A change stages its messages here before it writes its ticket; a
 * staged message carries the change that wrote it (`unconfirmed`) and is confirmed on its
 * first lease by checking the ticket's change log, or deleted when its change lost the race.
 * So a change and its messages are stored together or, in effect, not at all, without a
 * cross-container transaction.
 */
export class OutboxRecords {
  constructor(
    private readonly outbox: Requests,
    private readonly tickets: Requests,
  ) {}

  async stage(
    ticket: Ticket,
    messages: readonly NewOutboxMessage[],
    by: { readonly changeId: string; readonly baseVersion: number },
  ): Promise<void> {
    const candidate: Candidate = { change: by.changeId, base: by.baseVersion };
    await Promise.all(messages.map((m) => this.stageOne(ticket, m, candidate)));
  }

  async lease(now: Date, limit: number, leaseMs: number): Promise<readonly OutboxMessage[]> {
    const pages = await Promise.all(
      SHARDS.map((shard) =>
        this.outbox.page<OutboxDoc & Stored>(dueQuery(shard, now), shard, limit),
      ),
    );
    const due = pages.flatMap((p) => p.items).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const tickets = new Map<string, Promise<TicketDoc | undefined>>();
    const leased: OutboxDoc[] = [];
    // Lease in rounds: a message another worker took meanwhile makes room for the next one.
    for (let next = 0; leased.length < limit && next < due.length;) {
      const round = due.slice(next, next + limit - leased.length);
      next += round.length;
      const results = await Promise.all(
        round.map((doc) => this.leaseOne(doc, now, leaseMs, tickets)),
      );
      for (const doc of results) if (doc) leased.push(doc);
    }
    return leased.map(toOutboxMessage).sort((a, b) => a.id.localeCompare(b.id));
  }

  async settle(id: string, outcome: Parameters<Store['settleOutbox']>[1]): Promise<void> {
    const operations: PatchOperation[] = [{ op: 'set', path: '/state', value: outcome.state }];
    if (outcome.state === 'delivered') {
      operations.push({ op: 'set', path: '/lastError', value: null });
      operations.push({ op: 'set', path: '/ttl', value: DELIVERED_TTL_S });
    } else if (outcome.state === 'dead') {
      operations.push({ op: 'set', path: '/lastError', value: outcome.error });
      operations.push({ op: 'set', path: '/ttl', value: DEAD_TTL_S });
    } else {
      operations.push({ op: 'set', path: '/lastError', value: outcome.error });
      operations.push({ op: 'set', path: '/dueAt', value: outcome.dueAt.toISOString() });
    }
    // A message that is gone has nothing left to settle, as in the SQLite store.
    await this.outbox.patch(itemId(id), shardOf(id), operations);
  }

  async get(id: string): Promise<OutboxMessage | undefined> {
    const doc = await this.outbox.read<OutboxDoc>(itemId(id), shardOf(id));
    if (!doc) return undefined;
    if (doc.unconfirmed) {
      // Until its change is known to have committed, the message is not in the outbox.
      const ticket = await this.readTicket(doc.unconfirmed);
      if (judge(doc.unconfirmed, ticket, new Date()) !== 'committed') return undefined;
    }
    return toOutboxMessage(doc);
  }

  private async stageOne(ticket: Ticket, m: NewOutboxMessage, candidate: Candidate) {
    const at = new Date(ticket.updatedAt).toISOString();
    // Wall-clock time: it tells a writer still at work from one that stopped.
    const stagedAt = new Date().toISOString();
    const doc: OutboxDoc = {
      id: itemId(m.id),
      shard: shardOf(m.id),
      messageId: m.id,
      tenantId: ticket.tenantId,
      kind: m.kind,
      ticketId: ticket.id,
      target: m.target,
      payload: m.payload,
      attempts: 0,
      dueAt: at,
      state: 'pending',
      lastError: null,
      unconfirmed: {
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        candidates: [candidate],
        stagedAt,
        checks: 0,
      },
    };
    for (let attempt = 1; attempt <= STAGE_ATTEMPTS; attempt++) {
      if ((await this.outbox.create(doc)) !== 'exists') return;
      const existing = await this.outbox.read<OutboxDoc>(doc.id, doc.shard);
      // Deleted since (its change lost a race): create ours afresh.
      if (!existing) continue;
      const pending = existing.unconfirmed;
      // A confirmed message with this id is the same notification for the same event: keep it.
      if (!pending || pending.candidates.some((c) => c.change === candidate.change)) return;
      // Joining restarts the clock: the newest writer is the one that may still be at work.
      const joined: OutboxDoc = {
        ...existing,
        unconfirmed: {
          ...pending,
          candidates: [...pending.candidates, candidate],
          stagedAt,
          checks: 0,
        },
      };
      if (typeof (await this.outbox.replace(joined, doc.shard, existing._etag)) === 'object') {
        return;
      }
    }
    throw new ConflictError(`Outbox message ${m.id}`);
  }

  private async leaseOne(
    doc: OutboxDoc & Stored,
    now: Date,
    leaseMs: number,
    tickets: Map<string, Promise<TicketDoc | undefined>>,
  ): Promise<OutboxDoc | undefined> {
    const pending = doc.unconfirmed;
    if (pending) {
      const key = `${pending.tenantId}/${pending.ticketId}`;
      if (!tickets.has(key)) tickets.set(key, this.readTicket(pending));
      const verdict = judge(pending, await tickets.get(key), new Date());
      if (verdict !== 'committed') {
        await this.resolveUnconfirmed(doc, pending, verdict, now, leaseMs);
        return undefined;
      }
    }
    const leased: OutboxDoc = {
      ...doc,
      unconfirmed: undefined,
      attempts: doc.attempts + 1,
      dueAt: new Date(now.getTime() + leaseMs).toISOString(),
    };
    const written = await this.outbox.replace(leased, doc.shard, doc._etag);
    // 412 or 404: another worker leased or settled it after our query; it is theirs now.
    return typeof written === 'object' ? written : undefined;
  }

  /** Deletes a message whose change lost, looks again (later), or gives up and says why. */
  private async resolveUnconfirmed(
    doc: OutboxDoc & Stored,
    pending: PendingCommit,
    verdict: Exclude<Verdict, 'committed'>,
    now: Date,
    leaseMs: number,
  ): Promise<void> {
    // Each write is conditional: if another worker or a racing change touched the message
    // since our query, its write stands and this pass leaves the message alone.
    if (verdict === 'aborted') {
      await this.outbox.delete(doc.id, doc.shard, doc._etag);
      return;
    }
    const waited = Date.now() - Date.parse(pending.stagedAt);
    if (verdict === 'undecided' && waited < QUIET_MS) return;
    const next: OutboxDoc =
      verdict === 'undecided'
        ? {
            ...doc,
            dueAt: new Date(now.getTime() + recheckMs(pending.checks, leaseMs)).toISOString(),
            unconfirmed: { ...pending, checks: pending.checks + 1 },
          }
        : {
            ...doc,
            state: 'dead',
            lastError:
              `Its ticket change on ${pending.ticketId} could not be confirmed; ` +
              'check the ticket history before sending it by hand.',
            ttl: DEAD_TTL_S,
          };
    await this.outbox.replace(next, doc.shard, doc._etag);
  }

  private async readTicket(pending: PendingCommit): Promise<TicketDoc | undefined> {
    const doc = await this.tickets.read<TicketDoc>(pending.ticketId, pending.tenantId);
    return doc?.type === 'ticket' ? doc : undefined;
  }
}

/**
 * Whether a staged message's change committed. A change over version `base` can only ever
 * commit as version `base + 1`, so once the ticket's log shows another change there, ours
 * lost for good; while the ticket has not moved past `base` (or does not exist yet) the
 * writer may still be on its way. `now` is wall-clock time, as `stagedAt` is.
 */
export function judge(pending: PendingCommit, ticket: TicketDoc | undefined, now: Date): Verdict {
  const states = pending.candidates.map((c) => {
    if (!ticket) return 'pending';
    if (ticket.changes.some((r) => r.id === c.change)) return 'committed';
    if (ticket.changes.some((r) => r.v === c.base + 1)) return 'aborted';
    if (ticket.ticket.version <= c.base) return 'pending';
    return 'forgotten'; // moved on so far that the log no longer says who wrote base + 1
  });
  if (states.includes('committed')) return 'committed';
  if (states.every((s) => s === 'aborted')) return 'aborted';
  const waited = now.getTime() - new Date(pending.stagedAt).getTime();
  if (states.includes('pending') && waited < GIVE_UP_MS) return 'undecided';
  return 'lost';
}

function recheckMs(checks: number, leaseMs: number): number {
  return Math.min(leaseMs, FIRST_RECHECK_MS * 2 ** checks);
}

function dueQuery(shard: string, now: Date) {
  return {
    query:
      "SELECT * FROM c WHERE c.shard = @shard AND c.state = 'pending' AND c.dueAt <= @now " +
      'ORDER BY c.state ASC, c.dueAt ASC',
    parameters: [
      { name: '@shard', value: shard },
      { name: '@now', value: now.toISOString() },
    ],
  };
}
