import { randomUUID } from 'node:crypto';
import { ConflictError } from '../../errors.js';
import type { KvItem, KvNamespace } from '../contract.js';
import { itemId, type KvDoc } from './documents.js';
import type { Requests } from './requests.js';

/**
 * Processed activity ids only guard against Teams redelivering within minutes; after a month
 * Cosmos TTL removes them (the local server ignores TTL, see docs/cosmos.md).
 */
const TTL_S: Partial<Record<KvNamespace, number>> = { activity: 30 * 24 * 3600 };

/**
 * Key-value items in the `kv` container, one logical partition per item: every operation is a
 * point read or write, the cheapest Cosmos offers, and bot state spreads over all partitions.
 */
export class KvRecords {
  constructor(private readonly kv: Requests) {}

  async get<T>(ns: KvNamespace, key: string): Promise<KvItem<T> | undefined> {
    const id = docId(ns, key);
    const doc = await this.kv.read<KvDoc<T>>(id, id);
    return doc && { value: doc.value, etag: doc._etag };
  }

  async put<T>(ns: KvNamespace, key: string, value: T, etag?: string): Promise<KvItem<T>> {
    const doc = kvDoc(ns, key, value);
    if (etag === undefined) {
      const written = await this.kv.upsert(doc);
      return { value, etag: written._etag };
    }
    const written = await this.kv.replace(doc, doc.id, etag);
    if (typeof written === 'object') return { value, etag: written._etag };
    // 412 or 404: changed or deleted since `etag`, unless this was our own retried write.
    const now = await this.kv.read<KvDoc<T>>(doc.id, doc.id);
    if (now?.writeId === doc.writeId) return { value, etag: now._etag };
    throw new ConflictError(`The ${ns} item '${key}'`);
  }

  async putIfAbsent<T>(ns: KvNamespace, key: string, value: T): Promise<boolean> {
    const doc = kvDoc(ns, key, value);
    if ((await this.kv.create(doc)) !== 'exists') return true;
    // 409: present already, perhaps written by an earlier attempt of this very call.
    const now = await this.kv.read<KvDoc<T>>(doc.id, doc.id);
    return now?.writeId === doc.writeId;
  }

  async delete(ns: KvNamespace, key: string): Promise<void> {
    const id = docId(ns, key);
    // 'missing' is fine: deleting what is not there leaves the same state.
    await this.kv.delete(id, id);
  }
}

function docId(ns: KvNamespace, key: string): string {
  return itemId(`${ns}:${key}`);
}

function kvDoc<T>(ns: KvNamespace, key: string, value: T): KvDoc<T> {
  const ttl = TTL_S[ns];
  return {
    id: docId(ns, key),
    ns,
    key,
    value,
    writeId: randomUUID(),
    ...(ttl === undefined ? {} : { ttl }),
  };
}
