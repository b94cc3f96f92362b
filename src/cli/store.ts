import type { Store } from '../store/contract.js';

/**
 * Opens the configured store for the length of `work`, and always closes it. The store and
 * configuration modules load only here: the Cosmos DB SDK takes seconds to load, and
 * `helpdesk triage` on stdin must not wait for it.
 */
export async function withStore<T>(env: NodeJS.ProcessEnv, work: (store: Store) => Promise<T>) {
  const { loadConfig } = await import('../config/index.js');
  const { openStore } = await import('../store/index.js');
  const store = await openStore(loadConfig(env));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
