import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHelpdesk } from '../src/app.js';
import { loadConfig } from '../src/config/index.js';
import { seedBurst, type BurstShape } from '../tests/notify/burst.js';
import { FakeConnector, waitFor } from '../tests/support/connector.js';
import type { BenchResult } from './types.js';

interface Run {
  /** Notifications per second, from the first request to reach the connector to the last. */
  readonly rate: number;
  readonly count: number;
  readonly seconds: number;
}

/**
 * Drains a burst of requester notices written to a fresh SQLite outbox, through the real worker
 * and the real botbuilder stack, to a stand-in connector on loopback that answers at once.
 */
async function drain(limits: 'teams' | 'off', shape: BurstShape): Promise<Run> {
  const connector = await new FakeConnector().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-bench-outbox-'));
  const helpdesk = await startHelpdesk(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      HELPDESK_DATA_DIR: dataDir,
      HELPDESK_OUTBOX_POLL_MS: '50',
      HELPDESK_RATE_LIMITS: limits,
    }),
  );
  try {
    await helpdesk.outbox.stop();
    const notices = await seedBurst(helpdesk.store, connector.url, shape);
    helpdesk.outbox.start();
    await waitFor('the burst to be sent', () => connector.sent().length >= notices.length, 600_000);
    const times = connector.arrivals;
    const first = times[0].at;
    const last = times[times.length - 1].at;
    const seconds = Math.max(0.001, (last - first) / 1000);
    return { rate: notices.length / seconds, count: notices.length, seconds };
  } finally {
    await helpdesk.close();
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Outbox throughput with no limits and with Teams' limits on, each beside the limit. */
export async function runOutboxBenchmark(): Promise<BenchResult[]> {
  const open = await drain('off', { tenants: 1, usersPerTenant: 100, noticesPerUser: 20 });
  const tenant = await drain('teams', { tenants: 1, usersPerTenant: 100, noticesPerUser: 5 });
  const one = await drain('teams', { tenants: 1, usersPerTenant: 1, noticesPerUser: 40 });
  const note = (r: Run, where: string) =>
    `${r.count} notices to ${where} in ${r.seconds.toFixed(1)} s; SQLite, ${os.cpus().length} cores`;
  return [
    {
      name: 'outbox, no rate limits',
      unit: 'notifications/s',
      value: open.rate,
      baseline: 'Teams per-tenant limit',
      baselineValue: 50,
      notes: note(open, '100 chats in 1 tenant'),
    },
    {
      name: 'outbox, Teams limits, many chats',
      unit: 'notifications/s',
      value: tenant.rate,
      baseline: 'per-tenant limit',
      baselineValue: 50,
      notes: note(tenant, '100 chats in 1 tenant'),
    },
    {
      name: 'outbox, Teams limits, one chat',
      unit: 'notifications/s',
      value: one.rate,
      baseline: 'per-chat limit (8 per 2 s)',
      baselineValue: 4,
      notes: note(one, 'one chat'),
    },
  ];
}

if (require.main === module) {
  void runOutboxBenchmark().then((results) => {
    for (const r of results) {
      console.log(
        `${r.name}: ${r.value.toFixed(1)} ${r.unit} (${r.baseline}: ${r.baselineValue}) — ${r.notes}`,
      );
    }
  });
}
