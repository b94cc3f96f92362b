import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config/index.js';
import { openStore } from '../../src/store/index.js';
import { FakeConnector, waitFor } from '../support/connector.js';
import { copiesOf, seedBurst, windowViolations, type BurstNotice } from './burst.js';

const ROOT = path.resolve(__dirname, '../..');

/** The real help desk as a separate process, as `npm run dev` starts it. */
function startProcess(dataDir: string, stderr: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'silent',
      HELPDESK_DATA_DIR: dataDir,
      HELPDESK_OUTBOX_POLL_MS: '50',
      // Short, so what the killed process had leased comes back soon after the restart.
      HELPDESK_OUTBOX_LEASE_MS: '4000',
      HELPDESK_OUTBOX_TIMEOUT_MS: '1000',
      GRAPH_AUTH: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null
      ? resolve()
      : child.once('exit', () => resolve()),
  );
}

describe('killing the help desk in the middle of a burst', function () {
  this.timeout(240_000);
  const stderr: string[] = [];
  let connector: FakeConnector;
  let dataDir: string;
  let notices: BurstNotice[];
  let rows: Map<string, { state: string; last_error: string | null }>;
  let sentBeforeKill = 0;
  let killedAt = '';

  before(async () => {
    connector = await new FakeConnector().start();
    connector.setChaos({
      rate: 0.1,
      statuses: [429, 500, 502, 503, 504, 403],
      retryAfter: '1',
      slowRate: 0.02,
      slowMs: 2_500,
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-restart-'));
    const config = loadConfig({ HELPDESK_DATA_DIR: dataDir });
    const store = await openStore(config);
    notices = await seedBurst(store, connector.url, {
      tenants: 4,
      usersPerTenant: 25,
      noticesPerUser: 10,
    });
    await store.close();

    // First run: killed with SIGKILL once about 300 notices are out.
    const first = startProcess(dataDir, stderr);
    await waitFor('300 notices sent', () => connector.sent().length >= 300, 60_000);
    first.kill('SIGKILL');
    killedAt = new Date().toISOString();
    await exited(first);
    sentBeforeKill = connector.sent().length;

    // Second run: picks up where the first left off, and is stopped once nothing is pending.
    const second = startProcess(dataDir, stderr);
    const db = new Database(config.sqliteFile, { readonly: true, fileMustExist: true });
    await waitFor(
      'the outbox to drain after the restart',
      () =>
        (
          db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'`).get() as {
            n: number;
          }
        ).n === 0,
      180_000,
    );
    rows = new Map(
      (
        db.prepare('SELECT id, state, last_error FROM outbox').all() as {
          id: string;
          state: string;
          last_error: string | null;
        }[]
      ).map((r) => [r.id, r]),
    );
    db.close();
    second.kill('SIGTERM');
    await exited(second);
    console.log(
      `      killed after ${sentBeforeKill} notices; ${connector.sent().length} sent in all; ` +
        `${[...rows.values()].filter((r) => r.state === 'dead').length} given up (bot removed)`,
    );
  });
  after(async () => {
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses none: every notice is delivered, or given up where Teams refused the bot', () => {
    const unsettled = notices.filter((n) => {
      const row = rows.get(n.id);
      if (row?.state === 'delivered') return false;
      return !(
        row?.state === 'dead' &&
        /cannot be reached|BotNotInConversationRoster/.test(row.last_error ?? '')
      );
    });
    assert.deepEqual(
      unsettled.map((n) => [n.id, rows.get(n.id)]),
      [],
      stderr.join(''),
    );
  });

  it('sends each delivered notice once, but for the few in flight at the kill', () => {
    const copies = copiesOf(notices, connector.sent());
    const missing = notices.filter(
      (n) => rows.get(n.id)?.state === 'delivered' && copies.get(n.id) === 0,
    );
    const twice = notices.filter((n) => (copies.get(n.id) ?? 0) > 1);
    const surplus = notices.filter(
      (n) => rows.get(n.id)?.state === 'dead' && (copies.get(n.id) ?? 0) > 0,
    );
    assert.deepEqual(missing, []);
    assert.deepEqual(surplus, []);
    // A request Teams got whose answer the killed process never recorded is sent again: at most
    // one per message the worker had in flight (its concurrency, 16).
    console.log(`      ${twice.length} notices sent twice (in flight at the kill)`);
    assert.ok(twice.length <= 16, `${twice.length} sent twice`);
    assert.ok(twice.every((n) => copies.get(n.id) === 2));
  });

  it('keeps within the per-conversation and per-tenant limits across both runs', () => {
    const tenantOf = (conversationId: string) => /user-(\d+)-/.exec(conversationId)?.[1] ?? '?';
    assert.deepEqual(windowViolations(connector.arrivals, tenantOf), [], `killed at ${killedAt}`);
  });
});
