import type { Storage, StoreItems } from 'botbuilder';
import type { Store } from '../src/store/contract.js';

/**
 * Bot Framework turn state kept in the help desk's store, so any instance can answer any turn
 * and a restart forgets nothing.
 */
export class StoreBackedStorage implements Storage {
  constructor(private readonly store: Store) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const item = await this.store.getItem<Record<string, unknown>>('bot-state', key);
      if (item) items[key] = { ...item.value, eTag: item.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, change] of Object.entries(changes)) {
      const { eTag, ...value } = change as Record<string, unknown>;
      // '*' (or no eTag) means last writer wins, as the Bot Framework storages define it.
      const etag = typeof eTag === 'string' && eTag !== '*' ? eTag : undefined;
      await this.store.putItem('bot-state', key, value, etag);
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.store.deleteItem('bot-state', key);
  }
}
