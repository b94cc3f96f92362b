import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChangeSet, NewTicket, Store, TicketQuery } from '../src/store/contract.js';
import { CosmosStore } from '../src/store/cosmos/index.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { PRIORITIES, TIERS, type Person, type Ticket } from '../src/tickets/types.js';
import { startCosmosForHelpdesk, type LocalCosmos } from '../tests/support/cosmos-server.js';
import { medianMs, type BenchResult } from './types.js';

const TENANT = 'bench-tenant';
const RUNS = 21;
const WARMUP = 3;
/** Tickets in the tenant before measuring, a third of them still unassigned. */
const SEEDED = 150;
const WORKERS = 8;
const CYCLES_PER_WORKER = 5;

/**
 * What Azure should charge per operation, estimated in docs/cosmos.md (one notification per
 * change, a ticket document of about 3 KB). The local server reports 1 RU for everything.
 */
const EXPECTED_RU: Record<Operation, string> = {
  create: '~32 RU',
  claim: '~24 RU',
  list: '~3-5 RU',
  resolve: '~24 RU',
};

type Operation = 'create' | 'claim' | 'list' | 'resolve';

const tech: Person = { id: '29:bench-tech', name: 'Bench Tech' };
let serial = 0;

function newTicket(): NewTicket {
  const n = ++serial;
  const at = new Date(1_800_000_000_000 + n * 1000).toISOString();
  const priority = PRIORITIES[n % 4];
  const tier = TIERS[n % 3];
  return {
    tenantId: TENANT,
    intakeKey: `bench-${n}`,
    title: `Printer ${n} jammed`,
    description: 'The printer on floor 3 is jammed again and shows error 41.',
    requester: { id: `29:user-${n % 50}`, name: 'Bench User' },
    state: 'triaged',
    priority,
    category: 'printing',
    tier,
    reasons: ['mentions printer'],
    proposal: { priority, category: 'printing', tier, reasons: ['mentions printer'] },
    createdAt: at,
    updatedAt: at,
  };
}

function created(ticket: Ticket): ChangeSet {
  const base = { ticketId: ticket.id, at: ticket.createdAt, actor: ticket.requester };
  return {
    events: [
      { ...base, type: 'created', to: ticket.id },
      { ...base, type: 'state', from: 'new', to: 'triaged' },
    ],
    outbox: [message(ticket, 'created')],
  };
}

function message(ticket: Ticket, event: string) {
  const id = `${TENANT}/${ticket.id}/${event}/channel.ticket-updated/triage`;
  return { id, kind: 'channel.ticket-updated', target: 'triage', payload: {} };
}

const create = (store: Store) => store.createTicket(newTicket(), created);

function claim(store: Store, ticket: Ticket): Promise<Ticket> {
  const at = new Date(Date.parse(ticket.updatedAt) + 60_000).toISOString();
  const base = { ticketId: ticket.id, at, actor: tech };
  return store.updateTicket(
    { ...ticket, owner: tech, state: 'assigned', updatedAt: at },
    {
      events: [
        { ...base, type: 'owner', to: tech.name },
        { ...base, type: 'state', from: ticket.state, to: 'assigned' },
      ],
      outbox: [message(ticket, `claimed@${at}`)],
    },
  );
}

function resolve(store: Store, ticket: Ticket): Promise<Ticket> {
  const at = new Date(Date.parse(ticket.updatedAt) + 60_000).toISOString();
  const note = 'Cleared the paper path and replaced the roller.';
  return store.updateTicket(
    { ...ticket, state: 'resolved', resolution: note, updatedAt: at },
    {
      events: [
        {
          ticketId: ticket.id,
          at,
          actor: tech,
          type: 'state',
          from: ticket.state,
          to: 'resolved',
          note,
        },
      ],
      outbox: [message(ticket, `resolved@${at}`)],
    },
  );
}

const unassignedPage: TicketQuery = {
  tenantId: TENANT,
  unassigned: true,
  states: ['triaged'],
  order: 'urgent',
  limit: 10,
};

interface Figures {
  readonly opsPerSecond: Record<Operation, number>;
  /** Store requests per operation, where the store can count them. */
  readonly roundTrips?: Record<Operation, number>;
  readonly cycleOpsPerSecond: number;
}

/** Per-operation figures from the median of sequential calls, then a concurrent mixed load. */
async function measure(store: Store, server?: LocalCosmos): Promise<Figures> {
  for (let i = 0; i < SEEDED; i++) {
    const { ticket } = await create(store);
    if (i % 3) await claim(store, ticket);
  }
  const pool = async (n: number) =>
    Promise.all(Array.from({ length: n }, async () => (await create(store)).ticket));
  const toClaim = await pool(RUNS + WARMUP);
  const toResolve = await Promise.all((await pool(RUNS + WARMUP)).map((t) => claim(store, t)));

  const ops: Record<Operation, () => Promise<unknown>> = {
    create: () => create(store),
    claim: () => claim(store, toClaim.pop()!),
    list: () => store.listTickets(unassignedPage),
    resolve: () => resolve(store, toResolve.pop()!),
  };
  const opsPerSecond = {} as Record<Operation, number>;
  for (const [name, op] of Object.entries(ops) as [Operation, () => Promise<unknown>][]) {
    opsPerSecond[name] = 1000 / (await medianMs(op, RUNS, WARMUP));
  }
  const roundTrips = server && (await countRoundTrips(store, server));
  return { opsPerSecond, roundTrips, cycleOpsPerSecond: await cycles(store) };
}

/** Requests one call of each operation sends, leaving out the SDK's query-plan look-ups. */
async function countRoundTrips(store: Store, server: LocalCosmos) {
  const counted = async (op: () => Promise<unknown>) => {
    server.resetCount();
    await op();
    return server.log.filter((r) => r.kind !== 'plan').length;
  };
  const [first, second] = [(await create(store)).ticket, (await create(store)).ticket];
  const claimed = await claim(store, first);
  return {
    create: await counted(() => create(store)),
    claim: await counted(() => claim(store, second)),
    list: await counted(() => store.listTickets(unassignedPage)),
    resolve: await counted(() => resolve(store, claimed)),
  };
}

/** Eight workers each running create → claim → list a page → resolve, all at once. */
async function cycles(store: Store): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let i = 0; i < CYCLES_PER_WORKER; i++) {
        const { ticket } = await create(store);
        const claimed = await claim(store, ticket);
        await store.listTickets(unassignedPage);
        await resolve(store, claimed);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return (WORKERS * CYCLES_PER_WORKER * 4) / seconds;
}

/**
 * The same workload on SQLite (a temp file) and on Cosmos DB (the in-memory local protocol
 * server over loopback HTTP, driven by the real SDK). The Cosmos figures measure this code and
 * the SDK, not Azure: real latency is network-bound (a few ms per round trip in-region), so the
 * round trips and the expected request units in the notes are the figures to plan with.
 */
export async function runStoreBenchmark(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  const sqlite = new SqliteStore({ file: path.join(dir, 'helpdesk.db'), ticketPrefix: 'HD' });
  const { cosmos: server, env } = await startCosmosForHelpdesk('bench');
  const cosmos = new CosmosStore({
    client: server.client(),
    database: env.COSMOS_DATABASE,
    ticketPrefix: 'HD',
    ownsClient: true,
  });
  try {
    const base = await measure(sqlite);
    const local = await measure(cosmos, server);
    const results: BenchResult[] = (['create', 'claim', 'list', 'resolve'] as const).map((op) => ({
      name: `store ${op === 'list' ? 'list a queue page of 10' : op}`,
      unit: 'ops/s',
      value: local.opsPerSecond[op],
      baseline: 'SQLite',
      baselineValue: base.opsPerSecond[op],
      notes:
        `Cosmos = local in-memory emulator, not Azure; round trips: ${local.roundTrips?.[op]}, ` +
        `expected ${EXPECTED_RU[op]} on Azure`,
    }));
    results.push({
      name: `store mixed cycle, ${WORKERS} concurrent workers`,
      unit: 'ops/s',
      value: local.cycleOpsPerSecond,
      baseline: 'SQLite',
      baselineValue: base.cycleOpsPerSecond,
      notes: 'Cosmos = local in-memory emulator on loopback, says nothing about Azure latency',
    });
    return results;
  } finally {
    await sqlite.close();
    await cosmos.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runStoreBenchmark().then(
    (results) => {
      console.log('Cosmos DB figures come from an in-memory local emulator over loopback HTTP;');
      console.log('they say nothing about Azure latency. Plan with round trips and RU instead.\n');
      console.log('| operation | Cosmos (local) ops/s | SQLite ops/s | notes |');
      console.log('|---|---|---|---|');
      for (const r of results) {
        const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
        console.log(`| ${r.name} | ${fmt(r.value)} | ${fmt(r.baselineValue)} | ${r.notes} |`);
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
