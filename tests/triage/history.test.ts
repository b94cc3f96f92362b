import assert from 'node:assert/strict';
import type { HistoryStore } from '../../src/triage/index.js';
import {
  collectExamples,
  loadTenantModel,
  MODEL_NAMESPACE,
  retrainFromHistory,
} from '../../src/triage/index.js';
import type { KvItem, Page, TicketQuery } from '../../src/store/contract.js';
import type { Ticket, TicketState } from '../../src/tickets/types.js';
import { isHelpdeskError } from '../../src/errors.js';

/** Just enough of the store: tickets in pages of the asked size, and a key-value map. */
class FakeStore implements HistoryStore {
  readonly items = new Map<string, unknown>();
  readonly queries: TicketQuery[] = [];
  constructor(private readonly tickets: readonly Ticket[]) {}

  async listTickets(query: TicketQuery): Promise<Page<Ticket>> {
    this.queries.push(query);
    const mine = this.tickets.filter((t) => t.tenantId === query.tenantId);
    const start = Number(query.cursor ?? 0);
    const end = start + query.limit;
    return { items: mine.slice(start, end), cursor: end < mine.length ? String(end) : undefined };
  }

  async getItem<T>(ns: string, key: string): Promise<KvItem<T> | undefined> {
    const value = this.items.get(`${ns}/${key}`);
    return value === undefined ? undefined : { value: value as T, etag: '1' };
  }

  async putItem<T>(ns: string, key: string, value: T): Promise<KvItem<T>> {
    this.items.set(`${ns}/${key}`, value);
    return { value, etag: '1' };
  }
}

const TEXTS: Readonly<Record<string, readonly string[]>> = {
  printing: [
    'printer jammed',
    'toner empty on floor 2',
    'scanner will not scan',
    'print queue stuck',
  ],
  network: ['wifi drops', 'vpn will not connect', 'no internet at desk', 'ethernet port dead'],
  software: ['excel crashes', 'install visio', 'teams app frozen', 'kronos clock-in broken'],
};

let number = 0;
function ticket(text: string, category: string, options: Partial<Ticket> = {}): Ticket {
  number++;
  const proposal = { priority: 'P3', category, tier: 'L1', reasons: [] } as const;
  return {
    id: `HD-${number}`,
    number,
    tenantId: 't1',
    title: text,
    description: `details of ${text}`,
    requester: { id: 'u1', name: 'Ann' },
    state: 'resolved' as TicketState,
    priority: 'P3',
    category,
    tier: 'L1',
    reasons: [],
    proposal,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 1,
    intakeKey: `k${number}`,
    ...options,
  };
}

function history(copies: number): Ticket[] {
  return Object.entries(TEXTS).flatMap(([category, texts]) =>
    texts.flatMap((text) => Array.from({ length: copies }, () => ticket(text, category))),
  );
}

describe('learning from ticket history', () => {
  it('pages through all tickets, newest first, 200 at a time', async () => {
    const store = new FakeStore(history(40));
    const examples = await collectExamples(store, 't1');
    assert.equal(examples.length, 480);
    assert.equal(store.queries.length, 3);
    assert.ok(store.queries.every((q) => q.order === 'newest' && q.limit === 200));
  });

  it('learns from title and description, with the final category as the label', async () => {
    const store = new FakeStore([ticket('printer jammed', 'printing')]);
    const [example] = await collectExamples(store, 't1');
    assert.deepEqual(example, {
      text: 'printer jammed\ndetails of printer jammed',
      label: 'printing',
      weight: 1,
    });
  });

  it("counts a technician's correction double and skips cancelled tickets", async () => {
    const corrected = ticket('kronos broken', 'software', {
      proposal: { priority: 'P3', category: 'request', tier: 'L1', reasons: [] },
    });
    const cancelled = ticket('never mind', 'request', { state: 'cancelled' });
    const examples = await collectExamples(new FakeStore([corrected, cancelled]), 't1');
    assert.deepEqual(
      examples.map((e) => [e.label, e.weight]),
      [['software', 2]],
    );
  });

  it('trains, stores the model under the tenant and loads it back', async () => {
    const store = new FakeStore(history(10));
    const result = await retrainFromHistory(store, 't1');
    assert.equal(result.examples, 120);
    assert.deepEqual(result.labels, ['network', 'printing', 'software']);
    assert.ok(result.heldOut && result.heldOut.accuracy > 0.9, JSON.stringify(result.heldOut));
    assert.ok(store.items.has(`${MODEL_NAMESPACE}/t1`));

    const model = await loadTenantModel(store, 't1');
    assert.equal(model?.predict('the printer is jammed again').label, 'printing');
  });

  it('has no model for a tenant that never trained', async () => {
    assert.equal(await loadTenantModel(new FakeStore([]), 't2'), undefined);
  });

  it('says so when there is nothing to learn from', async () => {
    await assert.rejects(retrainFromHistory(new FakeStore([]), 't1'), (e) =>
      isHelpdeskError(e, 'bad_request'),
    );
  });
});
