import assert from 'node:assert/strict';
import type { CosmosClient } from '@azure/cosmos';
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/index.js';
import { isHelpdeskError } from '../../src/errors.js';
import type { ChangeSet, Store } from '../../src/store/contract.js';
import {
  CONTAINERS,
  CosmosStore,
  ensureCosmosResources,
  type RetryPolicy,
} from '../../src/store/cosmos/index.js';
import type { TicketDoc } from '../../src/store/cosmos/documents.js';
import { judge } from '../../src/store/cosmos/outbox.js';
import { openStore } from '../../src/store/index.js';
import type { Ticket } from '../../src/tickets/types.js';
import { startLocalCosmos, type LocalCosmos } from '../support/cosmos-server.js';
import { describeStoreContract } from './contract.js';

const TENANT = 'tenant-a';
const FAST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const FAR_FUTURE = new Date('2031-01-01T00:00:00Z');

let cosmos: LocalCosmos;
let databases = 0;

before(async () => {
  cosmos = await startLocalCosmos();
});
after(() => cosmos.stop());

/** A fresh database with the containers `helpdesk cosmos init` makes. */
async function freshDatabase(): Promise<string> {
  const database = `helpdesk-${++databases}`;
  const admin = cosmos.client();
  await ensureCosmosResources(admin, database);
  admin.dispose();
  return database;
}

function openCosmos(
  database: string,
  options: { retry?: RetryPolicy; eventBytesPerDocument?: number; client?: CosmosClient } = {},
): CosmosStore {
  return new CosmosStore({
    client: options.client ?? cosmos.client(),
    database,
    ticketPrefix: 'HD',
    retry: options.retry,
    // Small, so the contract's long-history test moves events to pages.
    eventBytesPerDocument: options.eventBytesPerDocument ?? 2048,
    ownsClient: true,
  });
}

describeStoreContract('Cosmos DB', async () => {
  const database = await freshDatabase();
  const opened: Store[] = [openCosmos(database)];
  return {
    store: opened[0],
    async peer() {
      const peer = openCosmos(database);
      opened.push(peer);
      return peer;
    },
    async dispose() {
      for (const store of opened) await store.close();
    },
  };
});

function report(intakeKey: string, minutes = 0) {
  const at = new Date(Date.UTC(2030, 0, 7, 9, minutes)).toISOString();
  return {
    tenantId: TENANT,
    intakeKey,
    title: 'VPN drops',
    description: 'The VPN drops every few minutes.',
    requester: { id: '29:erin', name: 'Erin' },
    state: 'triaged' as const,
    priority: 'P2' as const,
    category: 'network',
    tier: 'L1' as const,
    reasons: [],
    proposal: { priority: 'P2' as const, category: 'network', tier: 'L1' as const, reasons: [] },
    createdAt: at,
    updatedAt: at,
  };
}

const created = (ticket: Ticket): ChangeSet => ({
  events: [{ ticketId: ticket.id, at: ticket.createdAt, actor: ticket.requester, type: 'created' }],
  outbox: [{ id: `${ticket.id}/created`, kind: 'k', target: 'channel:triage', payload: {} }],
});

function claimed(ticket: Ticket, by: string): [Ticket, ChangeSet] {
  const actor = { id: by, name: by };
  return [
    { ...ticket, owner: actor, state: 'assigned' },
    {
      events: [{ ticketId: ticket.id, at: ticket.updatedAt, actor, type: 'owner', to: by }],
      outbox: [{ id: `${ticket.id}/claimed-by-${by}`, kind: 'k', target: 'user:x', payload: {} }],
    },
  ];
}

/** The path of one ticket document, to aim a fault at its replace. */
const ticketDocPath = (id: string) => new RegExp(`^PUT .*/colls/tickets/docs/${id}$`);
const createInTickets = /^POST .*\/colls\/tickets\/docs$/;

describe('the Cosmos DB store', function () {
  this.timeout(30_000);
  let database: string;
  let store: CosmosStore;

  beforeEach(async () => {
    database = await freshDatabase();
    store = openCosmos(database, { retry: FAST_RETRY });
  });
  afterEach(async () => {
    cosmos.clearFaults();
    await store.close();
  });

  async function rawDoc<T>(container: string, id: string, pk: string): Promise<T | undefined> {
    const client = cosmos.client();
    const { resource } = await client.database(database).container(container).item(id, pk).read();
    client.dispose();
    return resource as T | undefined;
  }

  describe('asks for data', () => {
    it('keeps every query and write of a working day inside one partition', async () => {
      cosmos.resetCount();
      const { ticket } = await store.createTicket(report('k1'), created);
      await store.updateTicket(...claimed(ticket, 'tara'));
      await store.createTicket(report('k2'), created);
      await store.listTickets({ tenantId: TENANT, unassigned: true, order: 'urgent', limit: 1 });
      const page = await store.listTickets({ tenantId: TENANT, order: 'newest', limit: 1 });
      await store.listTickets({ tenantId: TENANT, order: 'newest', limit: 1, cursor: page.cursor });
      const leased = await store.leaseOutbox(FAR_FUTURE, 10, 60_000);
      for (const m of leased) await store.settleOutbox(m.id, { state: 'delivered' });
      await store.putItem('bot-state', 'conv/1', { n: 1 });
      await store.listDueTickets(FAR_FUTURE, 10);
      const items = cosmos.log.filter((r) => r.path.includes('/docs') && r.kind !== 'plan');
      const queries = items.filter((r) => r.kind === 'query');
      assert.ok(
        queries.length >= 13,
        'queues, intake look-ups, outbox and timer shards were queried',
      );
      assert.deepEqual(
        items.filter((r) => !r.partitionKey),
        [],
        'no query or write goes across partitions',
      );
      assert.equal(leased.length, 3);
    });

    it('moves old events to pages and still lists the whole history in order', async () => {
      const small = openCosmos(database, { eventBytesPerDocument: 1024 });
      let { ticket } = await small.createTicket(report('k1'), created);
      const notes: string[] = [];
      for (let i = 0; i < 25; i++) {
        const note = `step ${i} ${'y'.repeat(100)}`;
        notes.push(note);
        ticket = await small.updateTicket(
          { ...ticket },
          {
            events: [
              { ticketId: ticket.id, at: ticket.updatedAt, actor: SYSTEM, type: 'comment', note },
            ],
            outbox: [],
          },
        );
      }
      const doc = await rawDoc<TicketDoc>('tickets', ticket.id, TENANT);
      assert.ok(doc && doc.eventPages >= 2, 'older events left the ticket document');
      assert.ok(Buffer.byteLength(JSON.stringify(doc.events)) <= 1024 + 200);
      const events = await small.listEvents(TENANT, ticket.id);
      assert.deepEqual(
        events.map((e) => e.note ?? e.type),
        ['created', ...notes],
      );
      await small.close();
    });
  });

  describe('when a change stops half-way', () => {
    it('sends nothing for a change whose ticket write failed, and drops it once the ticket moves on', async () => {
      const { ticket } = await store.createTicket(report('k1'), created);
      cosmos.fail({ status: 503, times: FAST_RETRY.attempts, match: ticketDocPath(ticket.id) });
      const [lost, lostChange] = claimed(ticket, 'sam');
      await assert.rejects(store.updateTicket(lost, lostChange), (e) =>
        isHelpdeskError(e, 'store_unavailable'),
      );
      const stagedId = lostChange.outbox[0].id;
      assert.equal(await store.getOutboxMessage(stagedId), undefined);
      const soon = new Date(Date.parse(ticket.updatedAt) + 60_000);
      const first = await store.leaseOutbox(soon, 10, 1);
      assert.deepEqual(
        first.map((m) => m.id),
        [`${ticket.id}/created`],
        'the staged message waits while its change is undecided',
      );

      await store.updateTicket(...claimed(ticket, 'tara'));
      const later = await store.leaseOutbox(new Date(soon.getTime() + 60_000), 10, 1);
      assert.ok(!later.some((m) => m.id === stagedId), 'the lost change sends nothing');
      const outboxIds = await allOutboxIds();
      assert.ok(!outboxIds.includes(stagedId), 'and its staged message is gone');
      assert.ok(outboxIds.includes(`${ticket.id}/claimed-by-tara`));
    });

    it('counts a change once when its ticket write landed but the answer was lost', async () => {
      const { ticket } = await store.createTicket(report('k1'), created);
      cosmos.fail({ status: 'drop', times: 1, match: ticketDocPath(ticket.id) });
      const saved = await store.updateTicket(...claimed(ticket, 'tara'));
      assert.equal(cosmos.faultsLeft(), 0, 'the answer to the write was lost');
      assert.equal(saved.version, 2);
      assert.deepEqual(await store.getTicket(TENANT, ticket.id), saved);
      const owners = (await store.listEvents(TENANT, ticket.id)).filter((e) => e.type === 'owner');
      assert.equal(owners.length, 1);
      assert.equal(
        (await store.getOutboxMessage(`${ticket.id}/claimed-by-tara`))?.state,
        'pending',
      );
    });

    it('answers created once when a ticket write landed but the answer was lost', async () => {
      await store.createTicket(report('k0'), created); // the counter exists from here on
      cosmos.fail({ status: 'drop', times: 1, match: createInTickets });
      const result = await store.createTicket(report('k1'), created);
      assert.equal(cosmos.faultsLeft(), 0, 'the answer to the write was lost');
      assert.deepEqual([result.created, result.ticket.id], [true, 'HD-1002']);
      assert.equal((await store.listEvents(TENANT, 'HD-1002')).length, 1);
    });

    it('completes a create that stopped after taking its number when the report comes again', async () => {
      await store.createTicket(report('k0'), created);
      cosmos.fail({ status: 503, times: FAST_RETRY.attempts, match: createInTickets });
      await assert.rejects(store.createTicket(report('k1'), created), (e) =>
        isHelpdeskError(e, 'store_unavailable'),
      );
      assert.equal(cosmos.faultsLeft(), 0);
      assert.equal(await store.getTicket(TENANT, 'HD-1002'), undefined);
      const again = await store.createTicket(report('k1'), created);
      assert.deepEqual([again.created, again.ticket.id], [true, 'HD-1002'], 'no number skipped');
      const next = await store.createTicket(report('k2'), created);
      assert.equal(next.ticket.id, 'HD-1003');
      const due = await store.leaseOutbox(FAR_FUTURE, 10, 60_000);
      assert.deepEqual(
        due.map((m) => m.id),
        ['HD-1001/created', 'HD-1002/created', 'HD-1003/created'],
      );
    });

    it('keeps an SLA timer a failed change lowered from listing its ticket, then corrects it', async () => {
      const { ticket } = await store.createTicket(report('k1'), created);
      const due = (t: Ticket, minutes: number): Ticket => ({
        ...t,
        sla: { ...SLA, nextDueAt: new Date(Date.UTC(2030, 0, 7, 10, minutes)).toISOString() },
      });
      const at = (minutes: number) => new Date(Date.UTC(2030, 0, 7, 10, minutes));
      const v2 = await store.updateTicket(due(ticket, 50), { events: [], outbox: [] });
      cosmos.fail({ status: 503, times: FAST_RETRY.attempts, match: ticketDocPath(ticket.id) });
      await assert.rejects(store.updateTicket(due(v2, 5), { events: [], outbox: [] }), (e) =>
        isHelpdeskError(e, 'store_unavailable'),
      );
      assert.equal(cosmos.faultsLeft(), 0);
      assert.deepEqual(
        await store.listDueTickets(at(30), 10),
        [],
        'the lowered timer lists nothing',
      );

      await store.updateTicket(
        { ...v2, title: 'Still the same due time' },
        { events: [], outbox: [] },
      );
      assert.deepEqual(await store.listDueTickets(at(30), 10), []);
      const listed = await store.listDueTickets(at(50), 10);
      assert.deepEqual(
        listed.map((t) => t.id),
        [ticket.id],
      );
      const timers = await allTimers();
      assert.deepEqual(
        timers.map((t) => t.dueAt),
        [at(50).toISOString()],
        'the reader moved the timer back to the ticket’s due time',
      );
    });

    async function allTimers(): Promise<{ dueAt: string }[]> {
      const client = cosmos.client();
      const { resources } = await client
        .database(database)
        .container(CONTAINERS.timers.id)
        .items.query<{ dueAt: string }>('SELECT c.dueAt FROM c')
        .fetchAll();
      client.dispose();
      return resources;
    }

    async function allOutboxIds(): Promise<string[]> {
      const client = cosmos.client();
      const { resources } = await client
        .database(database)
        .container(CONTAINERS.outbox.id)
        .items.query<{ messageId: string }>('SELECT c.messageId FROM c')
        .fetchAll();
      client.dispose();
      return resources.map((r) => r.messageId);
    }
  });

  describe('decides whether a staged message’s change committed', () => {
    const doc = (version: number, changes: [number, string][]) =>
      ({
        ticket: { version },
        changes: changes.map(([v, id]) => ({ v, id })),
      }) as unknown as TicketDoc;
    const staged = (candidates: [string, number][], stagedAt = '2030-01-01T00:00:00Z') => ({
      tenantId: TENANT,
      ticketId: 'HD-1001',
      candidates: candidates.map(([change, base]) => ({ change, base })),
      stagedAt,
      checks: 0,
    });
    const soon = new Date('2030-01-01T00:01:00Z');
    const cases: [string, ReturnType<typeof staged>, TicketDoc | undefined, string][] = [
      ['its change is in the log', staged([['c1', 1]]), doc(2, [[2, 'c1']]), 'committed'],
      ['another change took its version', staged([['c1', 1]]), doc(2, [[2, 'c2']]), 'aborted'],
      ['the ticket has not moved yet', staged([['c1', 1]]), doc(1, [[1, 'c0']]), 'undecided'],
      ['the new ticket is not there yet', staged([['c1', 0]]), undefined, 'undecided'],
      [
        'one of two racing changes committed',
        staged([
          ['c1', 1],
          ['c2', 1],
        ]),
        doc(2, [[2, 'c2']]),
        'committed',
      ],
      ['the log forgot its version', staged([['c1', 1]]), doc(90, [[90, 'c9']]), 'lost'],
    ];
    for (const [when, pending, ticket, verdict] of cases) {
      it(`says ${verdict} when ${when}`, () => {
        assert.equal(judge(pending, ticket, soon), verdict);
      });
    }
    it('gives up on a change undecided for a day', () => {
      const dayLater = new Date('2030-01-02T00:00:01Z');
      assert.equal(judge(staged([['c1', 0]]), undefined, dayLater), 'lost');
    });
  });

  describe('meets transient failures', () => {
    it('rides out throttling with retry-after and a brief 503', async () => {
      cosmos.fail({ status: 429, times: 3, retryAfterMs: 5 });
      cosmos.fail({ status: 503, times: 2 });
      const { ticket, created: made } = await store.createTicket(report('k1'), created);
      assert.equal(cosmos.faultsLeft(), 0, 'every fault was met');
      assert.ok(made);
      assert.equal((await store.getTicket(TENANT, ticket.id))?.id, 'HD-1001');
    });

    it('reports store_unavailable, with the cause, when 503s persist', async () => {
      cosmos.fail({ status: 503, times: 50 });
      await assert.rejects(store.getTicket(TENANT, 'HD-1001'), (error: unknown) => {
        assert.ok(isHelpdeskError(error, 'store_unavailable'));
        assert.match(error.message, /after 3 attempts \(last: 503\)/);
        assert.equal((error.cause as { code?: number }).code, 503);
        return true;
      });
    });

    it('reports store_unavailable when requests keep timing out', async () => {
      const impatient = openCosmos(database, {
        retry: FAST_RETRY,
        client: cosmos.client({ requestTimeout: 150 }),
      });
      cosmos.fail({ status: 'hang', times: 50 });
      const started = Date.now();
      await assert.rejects(impatient.putItem('settings', TENANT, {}), (error: unknown) => {
        assert.ok(isHelpdeskError(error, 'store_unavailable'));
        assert.match(error.message, /TimeoutError/);
        return true;
      });
      assert.ok(Date.now() - started < 5000, 'gives up within a bounded time');
      await impatient.close();
    });

    it('reports store_unavailable when throttling outlasts the retry budget', async () => {
      const limited = openCosmos(database, {
        client: cosmos.client({ retryOptions: { maxRetryAttemptCount: 2 } }),
      });
      cosmos.fail({ status: 429, times: 50, retryAfterMs: 1 });
      await assert.rejects(limited.getItem('settings', TENANT), (error: unknown) => {
        assert.ok(isHelpdeskError(error, 'store_unavailable'));
        assert.match(error.message, /throttling/);
        return true;
      });
      await limited.close();
    });
  });
});

describe('setting up Cosmos DB', function () {
  this.timeout(30_000);

  it('creates the database and containers once and finds them the next time', async () => {
    const client = cosmos.client();
    const first = await ensureCosmosResources(client, 'setup-1');
    const second = await ensureCosmosResources(client, 'setup-1');
    assert.deepEqual(first, {
      database: 'created',
      containers: { tickets: 'created', outbox: 'created', timers: 'created', kv: 'created' },
    });
    assert.deepEqual(second, {
      database: 'exists',
      containers: { tickets: 'exists', outbox: 'exists', timers: 'exists', kv: 'exists' },
    });
    const { resource } = await client.database('setup-1').container('tickets').read();
    assert.deepEqual(resource?.partitionKey?.paths, ['/tenantId']);
    assert.equal(resource?.indexingPolicy?.compositeIndexes?.length, 7);
    client.dispose();
  });

  it('restores indexes someone removed', async () => {
    const client = cosmos.client();
    await ensureCosmosResources(client, 'setup-2');
    const container = client.database('setup-2').container('tickets');
    await container.replace({ id: 'tickets', partitionKey: { paths: ['/tenantId'] } });
    const report = await ensureCosmosResources(client, 'setup-2');
    assert.equal(report.containers.tickets, 'updated');
    const { resource } = await container.read();
    assert.equal(resource?.indexingPolicy?.compositeIndexes?.length, 7);
    client.dispose();
  });

  it('refuses a container partitioned by another key, saying what to do', async () => {
    const client = cosmos.client();
    const { database } = await client.databases.createIfNotExists({ id: 'setup-3' });
    await database.containers.createIfNotExists({ id: 'kv', partitionKey: { paths: ['/ns'] } });
    await assert.rejects(ensureCosmosResources(client, 'setup-3'), (error: unknown) => {
      assert.ok(isHelpdeskError(error, 'invalid_config'));
      assert.match(error.message, /partitioned by \["\/ns"\], not '\/id'/);
      return true;
    });
    client.dispose();
  });

  it('will not start the bot’s store before `cosmos init`, and will after it', async () => {
    const env = {
      HELPDESK_STORE: 'cosmos',
      COSMOS_ENDPOINT: cosmos.endpoint,
      COSMOS_KEY: cosmos.key,
      COSMOS_DATABASE: 'setup-4',
    };
    await assert.rejects(openStore(loadConfig(env)), (error: unknown) => {
      assert.ok(isHelpdeskError(error, 'invalid_config'));
      assert.match(error.message, /run `helpdesk cosmos init`/);
      return true;
    });

    const first = await helpdesk(['cosmos', 'init'], env);
    const second = await helpdesk(['cosmos', 'init'], env);
    assert.deepEqual([first.code, second.code], [0, 0]);
    assert.deepEqual(first.lines, [
      'database setup-4: created',
      'container tickets (partition key /tenantId): created',
      'container outbox (partition key /shard): created',
      'container timers (partition key /shard): created',
      'container kv (partition key /id): created',
    ]);
    assert.deepEqual(
      second.lines,
      first.lines.map((l) => l.replace('created', 'exists')),
    );

    const store = await openStore(loadConfig(env));
    assert.equal(store.kind, 'cosmos');
    const { ticket } = await store.createTicket(report('k1'), created);
    assert.equal(ticket.id, 'HD-1001');
    await store.close();
  });

  it('explains its usage when asked for something else', async () => {
    const unknown = await helpdesk(['cosmos', 'drop'], {});
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown cosmos command 'drop'; usage: helpdesk cosmos init/);
    const bogus = await helpdesk(['cosmos', 'init', '--bogus'], {});
    assert.equal(bogus.code, 2);
    assert.match(bogus.stderr, /Unexpected arguments '--bogus'/);
    const unset = await helpdesk(['cosmos', 'init'], {});
    assert.equal(unset.code, 1);
    assert.match(unset.stderr, /COSMOS_ENDPOINT: required/);
  });
});

/** Runs `helpdesk …` in process, as bin/helpdesk.js would, and collects what it printed. */
async function helpdesk(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = (stream: PassThrough) => {
    let all = '';
    stream.on('data', (chunk: Buffer) => (all += chunk.toString()));
    return () => all;
  };
  const [out, err] = [text(stdout), text(stderr)];
  const code = await runCli(args, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, stdout: out(), stderr: err(), lines: out().split('\n').filter(Boolean) };
}

const SYSTEM = { id: 'system', name: 'Help desk' };
const CLOCK = {
  state: 'running',
  calendar: '24x7',
  targetMs: 3_600_000,
  elapsedMs: 0,
  pausedMs: 0,
} as const;
const SLA = { priority: 'P2', response: CLOCK, resolution: CLOCK } as const;
