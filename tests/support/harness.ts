import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHelpdesk, type Helpdesk, type StartOptions } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { FakeConnector } from './connector.js';
import { startCosmosForHelpdesk } from './cosmos-server.js';
import { TeamsActivities } from './teams.js';

export interface Running {
  readonly helpdesk: Helpdesk;
  readonly connector: FakeConnector;
  readonly teams: TeamsActivities;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** A real help desk on a port of its own, on a fresh SQLite file, talking to a fake connector. */
export async function runHelpdesk(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<Running> {
  const connector = await new FakeConnector().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-'));
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    HELPDESK_DATA_DIR: dataDir,
    HELPDESK_OUTBOX_POLL_MS: '50',
    ...env,
  });
  const helpdesk = await startHelpdesk(config, options);
  return {
    helpdesk,
    connector,
    teams: new TeamsActivities(connector.url),
    dataDir,
    async stop() {
      await helpdesk.close();
      await connector.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type StoreKind = 'sqlite' | 'cosmos';

/** The stores every workflow suite runs on: the embedded file and Cosmos through its protocol. */
export const STORES: readonly StoreKind[] = ['sqlite', 'cosmos'];

/** {@link runHelpdesk} on the given store; for Cosmos, a local Cosmos server of its own. */
export async function runHelpdeskOn(
  store: StoreKind,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<Running> {
  if (store === 'sqlite') return runHelpdesk(env, options);
  const { cosmos, env: cosmosEnv } = await startCosmosForHelpdesk();
  const running = await runHelpdesk({ ...cosmosEnv, ...env }, options);
  return {
    ...running,
    async stop() {
      await running.stop();
      await cosmos.stop();
    },
  };
}
