import assert from 'node:assert/strict';
import type { KvNamespace, Store } from '../../src/store/contract.js';
import { updateItem } from '../../src/store/kv.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';

describe('changing a key-value item that others change too', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore({ file: ':memory:', ticketPrefix: 'HD' });
  });
  afterEach(() => store.close());

  /** The store, but someone else appends `theirs` right after our first read. */
  function racing(theirs: string): Store {
    let raced = false;
    return Object.assign(Object.create(store) as Store, {
      async getItem<T>(ns: KvNamespace, key: string) {
        const item = await store.getItem<T>(ns, key);
        if (!raced) {
          raced = true;
          const now = item?.value as string[] | undefined;
          await store.putItem(ns, key, [...(now ?? []), theirs]);
        }
        return item;
      },
    });
  }

  it('applies the change again on what the other writer saved, losing neither', async () => {
    await store.putItem('settings', 'k', ['first']);
    const written = await updateItem<string[]>(racing('theirs'), 'settings', 'k', (now) => [
      ...(now ?? []),
      'ours',
    ]);
    assert.deepEqual(written, ['first', 'theirs', 'ours']);
    assert.deepEqual((await store.getItem('settings', 'k'))?.value, written);
  });

  it('creates the item when there is none', async () => {
    assert.deepEqual(await updateItem<string[]>(store, 'settings', 'new', () => ['a']), ['a']);
  });

  it('passes on an error from the change itself, writing nothing', async () => {
    await assert.rejects(
      updateItem(store, 'settings', 'x', () => {
        throw new Error('refused');
      }),
      /refused/,
    );
    assert.equal(await store.getItem('settings', 'x'), undefined);
  });
});
