import type { Config } from '../config/index.js';
import { HelpdeskError } from '../errors.js';
import type { Store } from './contract.js';
import { openCosmosStore } from './cosmos/index.js';
import { SqliteStore } from './sqlite/index.js';

export * from './contract.js';
export { SqliteStore } from './sqlite/index.js';

/** Opens the store the configuration names. */
export async function openStore(config: Config): Promise<Store> {
  if (config.store === 'sqlite') {
    return new SqliteStore({ file: config.sqliteFile, ticketPrefix: config.ticketPrefix });
  }
  if (config.store === 'cosmos') {
    if (!config.cosmos) {
      throw new HelpdeskError(
        'invalid_config',
        'Invalid configuration. COSMOS_ENDPOINT: required when HELPDESK_STORE is cosmos.',
      );
    }
    return openCosmosStore({ ...config.cosmos, ticketPrefix: config.ticketPrefix });
  }
  throw new HelpdeskError(
    'invalid_config',
    `HELPDESK_STORE=${String(config.store)} is not available; use sqlite or cosmos.`,
  );
}
