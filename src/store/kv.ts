import { isHelpdeskError } from '../errors.js';
import type { KvNamespace, Store } from './contract.js';

/** How often a change that lost a race with another writer is re-applied before giving up. */
const ATTEMPTS = 3;

/**
 * Reads a key-value item, applies `change` and writes the result over the version it read. When
 * someone wrote in between (two admins saving at once), `change` is applied again to what they
 * wrote, so neither change is lost. Returns what was written.
 */
export async function updateItem<T>(
  store: Store,
  ns: KvNamespace,
  key: string,
  change: (current: T | undefined) => T,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const item = await store.getItem<T>(ns, key);
    const next = change(item?.value);
    try {
      await store.putItem(ns, key, next, item?.etag);
      return next;
    } catch (error) {
      // Only a lost race is worth another try; anything else is the caller's to handle.
      if (!isHelpdeskError(error, 'conflict') || attempt >= ATTEMPTS) throw error;
    }
  }
}
