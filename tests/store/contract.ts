import assert from 'node:assert/strict';
import { isHelpdeskError } from '../../src/errors.js';
import {
  PRIORITY_RANK,
  type ChangeSet,
  type NewTicket,
  type Store,
  type TicketQuery,
} from '../../src/store/contract.js';
import type {
  Person,
  Priority,
  Ticket,
  TicketEvent,
  TicketState,
  Tier,
} from '../../src/tickets/types.js';

/** One store under test, and a way to open a second instance on the same data. */
export interface StoreUnderTest {
  readonly store: Store;
  /** Another instance with its own connection or client, as a second bot process would have. */
  peer(): Promise<Store>;
  /** Closes every instance opened and removes the data. */
  dispose(): Promise<void>;
}

const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const T0 = Date.parse('2030-01-07T09:00:00Z');
const FAR_FUTURE = new Date('2031-01-01T00:00:00Z');

const erin: Person = { id: '29:erin', name: 'Erin Employee' };
const eli: Person = { id: '29:eli', name: 'Eli Employee' };
const tara: Person = { id: '29:tara', name: 'Tara Technician' };
const sam: Person = { id: '29:sam', name: 'Sam Second' };

const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function report(intakeKey: string, overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    tenantId: TENANT,
    intakeKey,
    title: `Report ${intakeKey}`,
    description: 'The VPN drops every few minutes.',
    requester: erin,
    state: 'triaged',
    priority: 'P3',
    category: 'network',
    tier: 'L1',
    reasons: ['mentions VPN'],
    proposal: { priority: 'P3', category: 'network', tier: 'L1', reasons: ['mentions VPN'] },
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/** What the ticket service writes for a new ticket: two events and one channel notice. */
function created(ticket: Ticket): ChangeSet {
  const base = { ticketId: ticket.id, at: ticket.createdAt, actor: ticket.requester };
  return {
    events: [
      { ...base, type: 'created', to: ticket.id },
      { ...base, type: 'state', from: 'new', to: 'triaged' },
    ],
    outbox: [notice(ticket, 'created')],
  };
}

function notice(ticket: Ticket, event: string, payload: Record<string, unknown> = {}) {
  return {
    id: `${ticket.tenantId}/${ticket.id}/${event}/channel.ticket-updated/channel:triage`,
    kind: 'channel.ticket-updated',
    target: 'channel:triage',
    payload: { ticketId: ticket.id, ...payload },
  };
}

function claim(ticket: Ticket, by: Person, minutes: number): [Ticket, ChangeSet] {
  const when = at(minutes);
  const base = { ticketId: ticket.id, at: when, actor: by };
  return [
    { ...ticket, owner: by, state: 'assigned', updatedAt: when },
    {
      events: [
        { ...base, type: 'owner', to: by.name },
        { ...base, type: 'state', from: ticket.state, to: 'assigned' },
      ],
      outbox: [notice(ticket, `claimed@${when}`, { by: by.id })],
    },
  ];
}

function comment(ticket: Ticket, note: string, minutes: number): [Ticket, ChangeSet] {
  const when = at(minutes);
  return [
    { ...ticket, updatedAt: when },
    { events: [{ ticketId: ticket.id, at: when, actor: tara, type: 'comment', note }], outbox: [] },
  ];
}

/** A ticket due for the SLA scheduler `minutes` after T0, or with nothing pending. */
function dueAt(ticket: Ticket, minutes?: number): Ticket {
  const rest = { ...ticket };
  delete (rest as { sla?: unknown }).sla;
  if (minutes === undefined) return rest;
  const clock = {
    state: 'running',
    calendar: '24x7',
    targetMs: 3_600_000,
    elapsedMs: 0,
    pausedMs: 0,
  } as const;
  return {
    ...rest,
    sla: { priority: ticket.priority, response: clock, resolution: clock, nextDueAt: at(minutes) },
  };
}

const untouched: ChangeSet = { events: [], outbox: [] };

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isHelpdeskError(error), `expected a HelpdeskError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

/** Every message the outbox would hand out now, leased for a moment. */
async function leaseAll(store: Store, now = FAR_FUTURE) {
  return store.leaseOutbox(now, 1000, 1);
}

/** The same ordering and filtering the contract promises, over tickets held in memory. */
function expected(tickets: readonly Ticket[], q: TicketQuery): string[] {
  const owner = q.ownerId ?? (q.unassigned ? '' : undefined);
  return tickets
    .filter((t) => t.tenantId === q.tenantId)
    .filter((t) => q.requesterId === undefined || t.requester.id === q.requesterId)
    .filter((t) => owner === undefined || (t.owner?.id ?? '') === owner)
    .filter((t) => q.tier === undefined || t.tier === q.tier)
    .filter((t) => !q.states?.length || q.states.includes(t.state))
    .sort((a, b) =>
      q.order === 'newest'
        ? b.number - a.number
        : PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.number - b.number,
    )
    .map((t) => t.id);
}

/** Walks every page of a queue and returns the ids in the order the pages gave them. */
async function walk(store: Store, q: TicketQuery): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor = q.cursor;
  let pages = 0;
  do {
    const page = await store.listTickets({ ...q, cursor });
    pages++;
    assert.ok(page.items.length <= q.limit, 'a page holds at most `limit` tickets');
    if (page.cursor) assert.equal(page.items.length, q.limit, 'only the last page is short');
    ids.push(...page.items.map((t) => t.id));
    cursor = page.cursor;
    assert.ok(pages < 100, 'paging ends');
  } while (cursor);
  return { ids, pages };
}

const OPEN: TicketState[] = ['new', 'triaged', 'assigned', 'in_progress', 'waiting_on_requester'];

/**
 * The storage contract (src/store/contract.ts) as behaviour, run against every store. A test
 * here may only be skipped for one store with a comment naming what that store's test
 * environment lacks.
 */
export function describeStoreContract(name: string, open: () => Promise<StoreUnderTest>): void {
  describe(`the ${name} store keeps the storage contract`, function () {
    this.timeout(30_000);
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(() => subject.dispose());

    describe('creating a ticket', () => {
      it('numbers each tenant’s tickets from 1001 upwards, separately per tenant', async () => {
        const a1 = await store.createTicket(report('k1'), created);
        const a2 = await store.createTicket(report('k2'), created);
        const b1 = await store.createTicket(report('k1', { tenantId: OTHER_TENANT }), created);
        assert.deepEqual(
          [a1.ticket.id, a2.ticket.id, b1.ticket.id],
          ['HD-1001', 'HD-1002', 'HD-1001'],
        );
        assert.deepEqual([a1.ticket.number, a1.ticket.version], [1001, 1]);
        assert.ok(a1.created && a2.created && b1.created);
      });

      it('stores the ticket as given, with its events in order and its notification', async () => {
        const { ticket } = await store.createTicket(report('k1', { priority: 'P2' }), created);
        assert.deepEqual(await store.getTicket(TENANT, ticket.id), ticket);
        assert.equal(ticket.priority, 'P2');
        const events = await store.listEvents(TENANT, ticket.id);
        assert.deepEqual(events, created(ticket).events);
        const message = await store.getOutboxMessage(notice(ticket, 'created').id);
        assert.equal(message?.state, 'pending');
        assert.equal(message?.ticketId, ticket.id);
        assert.equal(message?.tenantId, TENANT);
        assert.equal(message?.attempts, 0);
        assert.deepEqual(message?.payload, { ticketId: ticket.id });
      });

      it('returns the first ticket unchanged when the same intake key comes again', async () => {
        const first = await store.createTicket(report('same'), created);
        let composed = 0;
        const again = await store.createTicket(report('same', { title: 'Different' }), (t) => {
          composed++;
          return created(t);
        });
        assert.equal(again.created, false);
        assert.deepEqual(again.ticket, first.ticket);
        assert.equal(composed, 0, 'nothing is written for the second call');
        assert.equal((await store.listEvents(TENANT, first.ticket.id)).length, 2);
        const page = await store.listTickets({ tenantId: TENANT, order: 'newest', limit: 10 });
        assert.equal(page.items.length, 1);
        const next = await store.createTicket(report('other'), created);
        assert.equal(next.ticket.number, 1002, 'the repeated key took no number');
      });

      it('gives every ticket its own number when two instances create many at once', async () => {
        const peer = await subject.peer();
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 ? peer : store).createTicket(report(`burst-${i}`), created),
          ),
        );
        const numbers = results.map((r) => r.ticket.number).sort((a, b) => a - b);
        assert.deepEqual(
          numbers,
          Array.from({ length: 30 }, (_, i) => 1001 + i),
        );
        assert.ok(results.every((r) => r.created));
      });

      it('makes one ticket when two instances receive the same report at once', async () => {
        const peer = await subject.peer();
        for (const key of ['twice-1', 'twice-2', 'twice-3']) {
          const [a, b] = await Promise.all([
            store.createTicket(report(key), created),
            peer.createTicket(report(key), created),
          ]);
          assert.equal(a.ticket.id, b.ticket.id);
          assert.equal([a, b].filter((r) => r.created).length, 1, 'exactly one call created it');
          assert.equal((await store.listEvents(TENANT, a.ticket.id)).length, 2);
        }
        const page = await store.listTickets({ tenantId: TENANT, order: 'newest', limit: 10 });
        assert.deepEqual(
          page.items.map((t) => t.id),
          ['HD-1003', 'HD-1002', 'HD-1001'],
        );
      });
    });

    describe('changing a ticket', () => {
      it('bumps the version and appends the change’s events after the earlier ones', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        const [claimed, change] = claim(ticket, tara, 5);
        const saved = await store.updateTicket(claimed, change);
        assert.equal(saved.version, 2);
        assert.deepEqual(await store.getTicket(TENANT, ticket.id), saved);
        assert.equal(saved.owner?.id, tara.id);
        const [commented, note] = comment(saved, 'rebooted the router', 6);
        const third = await store.updateTicket(commented, note);
        assert.equal(third.version, 3);
        assert.deepEqual(await store.listEvents(TENANT, ticket.id), [
          ...created(ticket).events,
          ...change.events,
          ...note.events,
        ]);
      });

      it('refuses a write over a stale version and stores nothing of that change', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        await store.updateTicket(...claim(ticket, tara, 5));
        const [late, lateChange] = claim(ticket, sam, 6);
        await rejects(store.updateTicket(late, lateChange), 'conflict');
        const stored = await store.getTicket(TENANT, ticket.id);
        assert.equal(stored?.owner?.id, tara.id);
        assert.equal(stored?.version, 2);
        const events = await store.listEvents(TENANT, ticket.id);
        assert.ok(!events.some((e) => e.to === sam.name), 'the loser left no event');
        assert.equal(await store.getOutboxMessage(lateChange.outbox[0].id), undefined);
        const due = await leaseAll(store);
        assert.ok(!due.some((m) => m.id === lateChange.outbox[0].id), 'nor a notification');
      });

      it('lets exactly one of many writers racing from two instances win', async () => {
        const peer = await subject.peer();
        const { ticket } = await store.createTicket(report('k1'), created);
        const techs = Array.from({ length: 8 }, (_, i) => ({ id: `29:t${i}`, name: `Tech ${i}` }));
        const outcomes = await Promise.allSettled(
          techs.map((tech, i) => (i % 2 ? peer : store).updateTicket(...claim(ticket, tech, 5))),
        );
        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        assert.equal(winners.length, 1);
        for (const o of outcomes) {
          if (o.status === 'rejected') assert.ok(isHelpdeskError(o.reason, 'conflict'));
        }
        const stored = await store.getTicket(TENANT, ticket.id);
        const winner = (winners[0] as PromiseFulfilledResult<Ticket>).value;
        assert.deepEqual(stored, winner);
        const owners = (await store.listEvents(TENANT, ticket.id)).filter(
          (e) => e.type === 'owner',
        );
        assert.deepEqual(
          owners.map((e) => e.to),
          [winner.owner?.name],
        );
        const claims = (await leaseAll(store)).filter((m) => m.id.includes('claimed@'));
        assert.deepEqual(
          claims.map((m) => m.payload.by),
          [winner.owner?.id],
        );
      });

      it('says not_found for a ticket that does not exist', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        const ghost = { ...ticket, id: 'HD-9999', number: 9999 };
        await rejects(store.updateTicket(...claim(ghost, tara, 1)), 'not_found');
        assert.equal(await store.getTicket(TENANT, 'HD-9999'), undefined);
        assert.equal(await store.getTicket(OTHER_TENANT, ticket.id), undefined);
        assert.deepEqual(await store.listEvents(TENANT, 'HD-9999'), []);
      });

      it('keeps a long history whole and in order', async () => {
        let { ticket } = await store.createTicket(report('k1'), created);
        const notes: TicketEvent[] = [];
        for (let i = 0; i < 40; i++) {
          const [next, change] = comment(ticket, `step ${i}: ${'x'.repeat(200)}`, i + 1);
          ticket = await store.updateTicket(next, change);
          notes.push(...change.events);
        }
        const events = await store.listEvents(TENANT, ticket.id);
        assert.deepEqual(events, [...created(ticket).events, ...notes]);
        assert.equal(ticket.version, 41);
      });
    });

    describe('listing a queue', () => {
      let all: Ticket[];

      /** 14 tickets over two requesters, three tiers, four priorities, owned or not, open or not. */
      beforeEach(async () => {
        const priorities: Priority[] = ['P3', 'P1', 'P4', 'P2', 'P2', 'P1', 'P3'];
        const tiers: Tier[] = ['L1', 'L2', 'L1', 'L3', 'L2', 'L1', 'L1'];
        all = [];
        for (let i = 0; i < 14; i++) {
          const { ticket } = await store.createTicket(
            report(`q${i}`, {
              priority: priorities[i % 7],
              tier: tiers[(i * 3) % 7],
              requester: i % 3 ? erin : eli,
            }),
            created,
          );
          all.push(ticket);
        }
        const changes: [number, Partial<Ticket>][] = [
          [1, { owner: tara, state: 'assigned' }],
          [4, { owner: tara, state: 'in_progress' }],
          [5, { owner: sam, state: 'assigned' }],
          [8, { owner: sam, state: 'resolved' }],
          [11, { state: 'closed' }],
          [12, { owner: tara, state: 'waiting_on_requester' }],
        ];
        for (const [i, fields] of changes) {
          all[i] = await store.updateTicket({ ...all[i], ...fields }, { events: [], outbox: [] });
        }
        await store.createTicket(report('elsewhere', { tenantId: OTHER_TENANT }), created);
      });

      const queues: [string, Omit<TicketQuery, 'tenantId' | 'order' | 'limit'>][] = [
        ['the whole tenant', {}],
        ['a requester’s tickets', { requesterId: erin.id }],
        ['a requester’s open tickets', { requesterId: eli.id, states: OPEN }],
        ['the unassigned open queue', { unassigned: true, states: OPEN }],
        ['one technician’s open tickets', { ownerId: tara.id, states: OPEN }],
        ['one tier’s open tickets', { tier: 'L1', states: OPEN }],
        ['closed and resolved tickets', { states: ['resolved', 'closed'] }],
        ['a requester in one tier', { requesterId: erin.id, tier: 'L1' }],
      ];

      for (const [what, filter] of queues) {
        for (const order of ['newest', 'urgent'] as const) {
          it(`pages through ${what}, ${order} first, with no duplicate or gap`, async () => {
            const q: TicketQuery = { tenantId: TENANT, ...filter, order, limit: 3 };
            const want = expected(all, q);
            assert.ok(want.length > 0, 'the fixture has tickets in this queue');
            const { ids, pages } = await walk(store, q);
            assert.deepEqual(ids, want);
            assert.equal(pages, Math.max(1, Math.ceil(want.length / 3)));
          });
        }
      }

      it('returns one page without a cursor when everything fits', async () => {
        const page = await store.listTickets({ tenantId: TENANT, order: 'newest', limit: 50 });
        assert.equal(page.items.length, 14);
        assert.equal(page.cursor, undefined);
        assert.deepEqual(page.items[0], all[13]);
      });

      it('returns an empty page for a tenant with no tickets', async () => {
        const page = await store.listTickets({ tenantId: 'nobody', order: 'urgent', limit: 5 });
        assert.deepEqual(page, { items: [] });
      });

      it('continues after a ticket on the page before left the queue', async () => {
        const q: TicketQuery = {
          tenantId: TENANT,
          unassigned: true,
          states: OPEN,
          order: 'urgent',
          limit: 3,
        };
        const first = await store.listTickets(q);
        const taken = first.items[2];
        await store.updateTicket(...claim(taken, sam, 30));
        const rest = await walk(store, { ...q, cursor: first.cursor });
        const remaining = expected(all, q).slice(3);
        assert.deepEqual(rest.ids, remaining);
      });

      it('refuses a cursor it did not issue', async () => {
        const q: TicketQuery = { tenantId: TENANT, order: 'newest', limit: 2 };
        await rejects(store.listTickets({ ...q, cursor: 'not-a-cursor' }), 'bad_request');
        await rejects(store.listTickets({ ...q, cursor: '' }), 'bad_request');
      });
    });

    describe('tickets due for the SLA scheduler', () => {
      /** Creates a ticket in `tenantId` due `minutes` after T0 (or never). */
      async function due(key: string, minutes?: number, tenantId = TENANT): Promise<Ticket> {
        const { ticket } = await store.createTicket(report(key, { tenantId }), created);
        return store.updateTicket(dueAt(ticket, minutes), untouched);
      }
      const ids = (tickets: readonly Ticket[]) => tickets.map((t) => `${t.tenantId}/${t.id}`);

      it('lists every tenant’s tickets due by a time, earliest first, up to the limit', async () => {
        await due('a1', 30);
        await due('a2', 10);
        await due('b1', 20, OTHER_TENANT);
        await due('a3', 90);
        await due('a4');
        const list = await store.listDueTickets(new Date(at(60)), 10);
        assert.deepEqual(ids(list), [
          `${TENANT}/HD-1002`,
          `${OTHER_TENANT}/HD-1001`,
          `${TENANT}/HD-1001`,
        ]);
        assert.equal(list[0].sla?.nextDueAt, at(10));
        assert.deepEqual(
          ids(await store.listDueTickets(new Date(at(60)), 2)),
          ids(list.slice(0, 2)),
        );
        assert.deepEqual(await store.listDueTickets(new Date(at(5)), 10), []);
      });

      it('follows changes that move a due time later, remove it or bring it forward', async () => {
        const later = await due('later', 10);
        const done = await due('done', 20);
        const sooner = await due('sooner', 90);
        const steady = await due('steady', 30);
        await store.updateTicket(dueAt(later, 120), untouched);
        await store.updateTicket(dueAt(done), untouched);
        await store.updateTicket(dueAt(sooner, 5), untouched);
        const list = await store.listDueTickets(new Date(at(60)), 10);
        assert.deepEqual(ids(list), [`${TENANT}/${sooner.id}`, `${TENANT}/${steady.id}`]);
        assert.deepEqual(ids(await store.listDueTickets(new Date(at(200)), 10)), [
          `${TENANT}/${sooner.id}`,
          `${TENANT}/${steady.id}`,
          `${TENANT}/${later.id}`,
        ]);
      });

      it('ignores a due time from a change that lost a race', async () => {
        const ticket = await due('raced', 100);
        await store.updateTicket({ ...ticket, updatedAt: at(1) }, untouched);
        await rejects(store.updateTicket(dueAt(ticket, 5), untouched), 'conflict');
        assert.deepEqual(await store.listDueTickets(new Date(at(60)), 10), []);
        assert.equal((await store.listDueTickets(new Date(at(100)), 10)).length, 1);
      });
    });

    describe('key-value items', () => {
      it('reads back what was written, with an etag', async () => {
        assert.equal(await store.getItem('settings', TENANT), undefined);
        const written = await store.putItem('settings', TENANT, { channel: 'c1' });
        const read = await store.getItem<{ channel: string }>('settings', TENANT);
        assert.deepEqual(read, written);
        assert.deepEqual(read?.value, { channel: 'c1' });
        assert.ok(read?.etag);
      });

      it('writes over the current etag and refuses a stale one', async () => {
        const first = await store.putItem('bot-state', 'conv/1', { n: 1 });
        const second = await store.putItem('bot-state', 'conv/1', { n: 2 }, first.etag);
        assert.notEqual(second.etag, first.etag);
        await rejects(store.putItem('bot-state', 'conv/1', { n: 3 }, first.etag), 'conflict');
        assert.deepEqual((await store.getItem('bot-state', 'conv/1'))?.value, { n: 2 });
        await rejects(store.putItem('bot-state', 'conv/absent', { n: 1 }, first.etag), 'conflict');
      });

      it('writes unconditionally without an etag, changing the etag', async () => {
        const first = await store.putItem('conversation', 'user:29:erin', { id: 'a' });
        const second = await store.putItem('conversation', 'user:29:erin', { id: 'b' });
        assert.notEqual(second.etag, first.etag);
        assert.deepEqual((await store.getItem('conversation', 'user:29:erin'))?.value, {
          id: 'b',
        });
      });

      it('writes an absent key once and tells only the first caller', async () => {
        const peer = await subject.peer();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? peer : store).putItemIfAbsent('activity', 'tenant/conv/act-1', { i }),
          ),
        );
        assert.equal(results.filter(Boolean).length, 1);
        const winner = results.indexOf(true);
        assert.deepEqual((await store.getItem('activity', 'tenant/conv/act-1'))?.value, {
          i: winner,
        });
      });

      it('deletes, and deleting what is gone is no error', async () => {
        await store.putItem('ticket-card', `${TENANT}/HD-1001`, { activityId: 'x' });
        await store.deleteItem('ticket-card', `${TENANT}/HD-1001`);
        assert.equal(await store.getItem('ticket-card', `${TENANT}/HD-1001`), undefined);
        await store.deleteItem('ticket-card', `${TENANT}/HD-1001`);
        assert.equal(await store.putItemIfAbsent('ticket-card', `${TENANT}/HD-1001`, {}), true);
      });

      it('keeps namespaces apart and takes any key', async () => {
        const odd = ['a/b?c#d\\e', ' spaced key ', 'ü-ñ-字', 'k'.repeat(600), 'user:29:x'];
        for (const [i, key] of odd.entries()) {
          await store.putItem('settings', key, { i });
          await store.putItem('triage-model', key, { other: i });
        }
        for (const [i, key] of odd.entries()) {
          assert.deepEqual((await store.getItem('settings', key))?.value, { i });
          assert.deepEqual((await store.getItem('triage-model', key))?.value, { other: i });
        }
      });
    });

    describe('the outbox', () => {
      it('hands a due message out once and not again while it is leased', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        const id = notice(ticket, 'created').id;
        const now = new Date(Date.parse(ticket.updatedAt) + 1000);
        const first = await store.leaseOutbox(now, 10, 60_000);
        assert.deepEqual(
          first.map((m) => [m.id, m.attempts, m.kind, m.target]),
          [[id, 1, 'channel.ticket-updated', 'channel:triage']],
        );
        assert.deepEqual(await store.leaseOutbox(new Date(now.getTime() + 59_000), 10, 60_000), []);
        const again = await store.leaseOutbox(new Date(now.getTime() + 61_000), 10, 60_000);
        assert.deepEqual(
          again.map((m) => [m.id, m.attempts]),
          [[id, 2]],
          'an expired lease is handed out again',
        );
      });

      it('hands out nothing before it is due', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        const before = new Date(Date.parse(ticket.updatedAt) - 1000);
        assert.deepEqual(await store.leaseOutbox(before, 10, 60_000), []);
        assert.equal((await store.leaseOutbox(new Date(ticket.updatedAt), 10, 60_000)).length, 1);
      });

      it('hands out no more than asked, the earliest due first', async () => {
        for (let i = 0; i < 5; i++) {
          await store.createTicket(report(`k${i}`, { updatedAt: at(10 - i) }), created);
        }
        const batch = await store.leaseOutbox(FAR_FUTURE, 2, 60_000);
        assert.deepEqual(batch.map((m) => m.ticketId).sort(), ['HD-1004', 'HD-1005']);
        assert.equal((await store.leaseOutbox(FAR_FUTURE, 10, 60_000)).length, 3);
      });

      it('never hands one message to two workers leasing at once', async () => {
        const peer = await subject.peer();
        for (let i = 0; i < 12; i++) await store.createTicket(report(`k${i}`), created);
        const batches = await Promise.all([
          store.leaseOutbox(FAR_FUTURE, 5, 60_000),
          peer.leaseOutbox(FAR_FUTURE, 5, 60_000),
          store.leaseOutbox(FAR_FUTURE, 5, 60_000),
          peer.leaseOutbox(FAR_FUTURE, 5, 60_000),
        ]);
        const ids = batches.flat().map((m) => m.id);
        assert.equal(new Set(ids).size, ids.length, 'no message in two batches');
        assert.equal(ids.length, 12, 'and every due message in one of them');
      });

      it('records delivered, dead and retry-later outcomes', async () => {
        for (let i = 0; i < 3; i++) await store.createTicket(report(`k${i}`), created);
        const [a, b, c] = await store.leaseOutbox(FAR_FUTURE, 10, 60_000);
        const later = new Date(FAR_FUTURE.getTime() + 5 * 60_000);
        await store.settleOutbox(a.id, { state: 'delivered' });
        await store.settleOutbox(b.id, { state: 'dead', error: 'BotNotInConversationRoster' });
        await store.settleOutbox(c.id, { state: 'pending', dueAt: later, error: '429' });
        assert.equal((await store.getOutboxMessage(a.id))?.state, 'delivered');
        const dead = await store.getOutboxMessage(b.id);
        assert.deepEqual([dead?.state, dead?.lastError], ['dead', 'BotNotInConversationRoster']);
        const retry = await store.getOutboxMessage(c.id);
        assert.deepEqual(
          [retry?.state, retry?.dueAt, retry?.lastError, retry?.attempts],
          ['pending', later.toISOString(), '429', 1],
        );
        assert.deepEqual(await store.leaseOutbox(new Date(later.getTime() - 1), 10, 60_000), []);
        const due = await store.leaseOutbox(later, 10, 60_000);
        assert.deepEqual(
          due.map((m) => [m.id, m.attempts]),
          [[c.id, 2]],
        );
        await store.settleOutbox('no-such-message', { state: 'delivered' });
        assert.equal(await store.getOutboxMessage('no-such-message'), undefined);
      });

      it('keeps the first message when a change writes the same id again', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        const again = { ...notice(ticket, 'created'), payload: { second: true } };
        await store.updateTicket({ ...ticket, updatedAt: at(1) }, { events: [], outbox: [again] });
        const due = await leaseAll(store);
        assert.equal(due.length, 1);
        assert.deepEqual(due[0].payload, { ticketId: ticket.id });
      });

      it('keeps messages of a change with the change, for each message it wrote', async () => {
        const { ticket } = await store.createTicket(report('k1'), created);
        const [claimed, change] = claim(ticket, tara, 5);
        const extra = { ...notice(ticket, 'claimed-dm'), target: 'user:29:erin' };
        await store.updateTicket(claimed, { ...change, outbox: [...change.outbox, extra] });
        for (const m of [...change.outbox, extra]) {
          const stored = await store.getOutboxMessage(m.id);
          assert.deepEqual([stored?.state, stored?.target], ['pending', m.target]);
          assert.equal(stored?.dueAt, at(5));
        }
      });
    });
  });
}
