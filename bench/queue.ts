import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PRIORITY_RANK, type TicketQuery } from '../src/store/contract.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { SCHEMA } from '../src/store/sqlite/schema.js';
import { PRIORITIES, TIERS, type Ticket, type TicketState } from '../src/tickets/types.js';
import { medianMs, type BenchResult } from './types.js';

const TENANT = 'bench-tenant';
/** The instant the SLA scheduler asks "what is due?" at. */
const DUE_NOW = new Date('2026-12-03T00:00:00Z');
/** A help desk keeps most tickets closed; about one in twenty is still open. */
const OPEN_SHARE = 0.05;

/** Writes `count` tickets straight into a fresh SQLite file (seeding through SQL is faster). */
function seed(file: string, count: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const insert = db.prepare(
    `INSERT INTO tickets (tenant_id, id, number, intake_key, state, is_open, priority_rank, tier,
       owner_id, requester_id, next_due_at, version, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
  );
  db.transaction(() => {
    for (let n = 1; n <= count; n++) {
      const open = (n * 7919) % 100 < OPEN_SHARE * 100;
      const state: TicketState = open ? (n % 2 ? 'triaged' : 'assigned') : 'closed';
      const priority = PRIORITIES[n % 4];
      const tier = TIERS[n % 3];
      const owner = state === 'triaged' ? undefined : { id: `29:tech-${n % 40}`, name: 'Tech' };
      const requester = { id: `29:user-${n % 5000}`, name: 'User' };
      const ticket: Ticket = {
        id: `HD-${n}`,
        number: n,
        tenantId: TENANT,
        title: `Ticket ${n}`,
        description: 'Printer on floor 3 is jammed again.',
        requester,
        owner,
        state,
        priority,
        category: 'printing',
        tier,
        reasons: [],
        proposal: { priority, category: 'printing', tier, reasons: [] },
        createdAt: new Date(1_700_000_000_000 + n * 60_000).toISOString(),
        updatedAt: new Date(1_700_000_000_000 + n * 60_000).toISOString(),
        version: 1,
        intakeKey: `k${n}`,
      };
      // Open tickets wait on an SLA level; one in a hundred of them is due by DUE_NOW.
      const dueAt = open
        ? new Date(DUE_NOW.getTime() + (n % 100 === 0 ? -60_000 : 3_600_000))
        : null;
      insert.run(
        TENANT,
        ticket.id,
        n,
        ticket.intakeKey,
        state,
        open ? 1 : 0,
        PRIORITY_RANK[priority],
        tier,
        owner?.id ?? '',
        requester.id,
        dueAt?.toISOString() ?? null,
        JSON.stringify(ticket),
      );
    }
  })();
  db.close();
}

const QUERIES: Record<string, TicketQuery> = {
  'unassigned queue page': {
    tenantId: TENANT,
    unassigned: true,
    states: ['triaged'],
    order: 'urgent',
    limit: 10,
  },
  'L2 queue page': {
    tenantId: TENANT,
    tier: 'L2',
    states: ['triaged', 'assigned', 'in_progress', 'waiting_on_requester'],
    order: 'urgent',
    limit: 10,
  },
  "a technician's queue page": {
    tenantId: TENANT,
    ownerId: '29:tech-7',
    states: ['assigned', 'in_progress', 'waiting_on_requester'],
    order: 'urgent',
    limit: 10,
  },
  "a requester's tickets page": {
    tenantId: TENANT,
    requesterId: '29:user-42',
    order: 'newest',
    limit: 10,
  },
};

async function measure(count: number): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-'));
  const file = path.join(dir, 'helpdesk.db');
  seed(file, count);
  const store = new SqliteStore({ file, ticketPrefix: 'HD' });
  const figures: Record<string, number> = {};
  for (const [name, query] of Object.entries(QUERIES)) {
    figures[name] = await medianMs(() => store.listTickets(query), 201, 20);
    // The third page, reached by cursor: paging deeper must cost the same.
    const first = await store.listTickets(query);
    const second = await store.listTickets({ ...query, cursor: first.cursor });
    const third = { ...query, cursor: second.cursor };
    figures[`${name}, page 3`] = await medianMs(() => store.listTickets(third), 201, 20);
  }
  figures['SLA scheduler: due tickets (50)'] = await medianMs(
    () => store.listDueTickets(DUE_NOW, 50),
    201,
    20,
  );
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return figures;
}

/** Lists queue pages with 10,000 and with 1,000,000 tickets stored and reports both. */
export async function runQueueBenchmark(): Promise<BenchResult[]> {
  const small = await measure(10_000);
  const large = await measure(1_000_000);
  return Object.keys(small).map((name) => ({
    name: `SQLite ${name}, 1,000,000 tickets`,
    unit: 'ms (median)',
    value: large[name],
    baseline: '10,000 tickets',
    baselineValue: small[name],
    notes: `${OPEN_SHARE * 100}% open`,
  }));
}

if (require.main === module) {
  void runQueueBenchmark().then((results) => console.table(results));
}
