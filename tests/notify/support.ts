import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHelpdesk, type Helpdesk } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { NewOutboxMessage } from '../../src/store/contract.js';
import { FakeConnector, waitFor } from '../support/connector.js';
import { FakeCredential, FakeGraph } from '../support/graph.js';
import { TENANT, TeamsActivities } from '../support/teams.js';

export interface NotifyRun {
  readonly helpdesk: Helpdesk;
  readonly connector: FakeConnector;
  /** Absent in local mode (no Graph configured). */
  readonly graph?: FakeGraph;
  readonly credential: FakeCredential;
  readonly teams: TeamsActivities;
  stop(): Promise<void>;
}

/**
 * A real help desk with a fake connector and, unless `local`, a Graph stand-in that the help
 * desk reaches with a fake credential over plain http.
 */
export async function runWithGraph(
  options: { local?: boolean; env?: Record<string, string> } = {},
): Promise<NotifyRun> {
  const connector = await new FakeConnector().start();
  const graph = options.local ? undefined : await new FakeGraph().start();
  const credential = new FakeCredential();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-notify-'));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HELPDESK_DATA_DIR: dataDir,
    HELPDESK_OUTBOX_POLL_MS: '50',
    ...(graph
      ? {
          GRAPH_AUTH: 'client-secret',
          GRAPH_CLIENT_ID: 'helpdesk-app',
          GRAPH_CLIENT_SECRET: 'not-a-secret',
          GRAPH_TENANT_ID: 'home-tenant',
          HELPDESK_GRAPH_BASE_URL: graph.url,
        }
      : {}),
    ...options.env,
  });
  const helpdesk = await startHelpdesk(config, { graphCredential: credential });
  return {
    helpdesk,
    connector,
    graph,
    credential,
    teams: new TeamsActivities(connector.url),
    async stop() {
      await helpdesk.close();
      await connector.stop();
      await graph?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes notifications for a ticket through the store, as a ticket change would. */
export async function enqueue(
  run: NotifyRun,
  ticketId: string,
  outbox: readonly NewOutboxMessage[],
): Promise<void> {
  const ticket = await run.helpdesk.store.getTicket(TENANT, ticketId);
  await run.helpdesk.store.updateTicket(ticket!, { events: [], outbox });
  run.helpdesk.outbox.kick();
}

/** Waits until the outbox has settled `id`, and returns how. */
export async function settled(run: NotifyRun, id: string) {
  return waitFor(`outbox message ${id} to settle`, async () => {
    const message = await run.helpdesk.store.getOutboxMessage(id);
    return message && message.state !== 'pending' ? message : undefined;
  });
}

/**
 * Waits until none of `messages` is pending. Looks twice a second and stops at the first one
 * still pending: reading a thousand rows often would itself slow the process under test.
 */
export async function allSettled(
  run: { helpdesk: Helpdesk },
  messages: readonly { id: string }[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let from = 0;
  while (from < messages.length) {
    const message = await run.helpdesk.store.getOutboxMessage(messages[from].id);
    if (message && message.state !== 'pending') {
      from++;
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out with ${messages.length - from} pending.`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
