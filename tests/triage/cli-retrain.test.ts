import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import type { NewTicket } from '../../src/store/contract.js';
import { MODEL_NAMESPACE } from '../../src/triage/index.js';
import { helpdesk, jsonLines } from './cli-run.js';

const HISTORY: readonly [string, string, string][] = [
  // [title, final category, what triage proposed]
  ['kronos will not clock me in', 'software', 'request'],
  ['kronos shows a blank timesheet', 'software', 'request'],
  ['kronos lost my hours', 'software', 'request'],
  ['printer jammed on floor 2', 'printing', 'printing'],
  ['toner empty in room 4', 'printing', 'printing'],
  ['scanner will not send to email', 'printing', 'printing'],
  ['wifi keeps dropping', 'network', 'network'],
  ['vpn will not connect', 'network', 'network'],
  ['no internet at my desk', 'network', 'network'],
];

function newTicket(
  i: number,
  [title, category, proposed]: readonly [string, string, string],
): NewTicket {
  return {
    tenantId: 't1',
    title: `${title} (${i})`,
    description: title,
    requester: { id: 'u1', name: 'Ann' },
    state: 'resolved',
    priority: 'P3',
    category,
    tier: 'L1',
    reasons: [],
    proposal: { priority: 'P3', category: proposed, tier: 'L1', reasons: [] },
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    intakeKey: `${title}-${i}`,
  };
}

describe('helpdesk triage retrain (the command line)', function () {
  this.timeout(60_000);
  let dir: string;
  const env = () => ({ HELPDESK_DATA_DIR: dir, HELPDESK_STORE: 'sqlite' });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'triage-retrain-'));
    const store = new SqliteStore({ file: path.join(dir, 'helpdesk.db'), ticketPrefix: 'HD' });
    for (let i = 0; i < 4; i++) {
      for (const row of HISTORY)
        await store.createTicket(newTicket(i, row), () => ({ events: [], outbox: [] }));
    }
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("learns from the tenant's corrected tickets, stores the model and triage uses it", async () => {
    const ran = await helpdesk(['triage', 'retrain', '--tenant', 't1'], '', env());
    assert.equal(ran.code, 0, ran.stderr);
    assert.match(
      ran.lines[0]!,
      /^retrained tenant t1 on 36 tickets \(12 corrected\), 3 categories, in \d+ ms; model stored$/,
    );

    const store = new SqliteStore({ file: path.join(dir, 'helpdesk.db'), ticketPrefix: 'HD' });
    try {
      assert.ok(await store.getItem(MODEL_NAMESPACE, 't1'));
    } finally {
      await store.close();
    }
    const triaged = await helpdesk(
      ['triage', '--tenant', 't1'],
      jsonLines(['kronos again']),
      env(),
    );
    assert.equal(JSON.parse(triaged.lines[0]!).category, 'software');
  });

  it('says plainly when a tenant has no history or no model', async () => {
    const none = await helpdesk(['triage', 'retrain', '--tenant', 'nobody'], '', env());
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^helpdesk triage: Tenant nobody has no tickets to learn from yet\.\n$/,
    );
    const noModel = await helpdesk(['triage', '--tenant', 'nobody'], jsonLines(['x']), env());
    assert.equal(noModel.code, 1);
    assert.match(noModel.stderr, /Tenant nobody has no trained model/);
  });
});
