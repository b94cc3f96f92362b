import { createHash } from 'node:crypto';

/**
 * The outbox and the due-timer index are each spread over this many logical partitions by a
 * hash of the item's key. A worker asks each shard for what is due (one single-partition query
 * each) instead of querying across partitions; a look-up by key goes straight to its shard.
 * Changing the number strands existing items: it is part of the data layout, not a knob.
 */
export const SHARD_COUNT = 4;

export const SHARDS: readonly string[] = Array.from({ length: SHARD_COUNT }, (_, i) => `s${i}`);

export function shardOf(key: string): string {
  return SHARDS[createHash('sha256').update(key).digest()[0] % SHARD_COUNT];
}
