import type { Container, PatchOperation, PartitionKey, SqlQuerySpec } from '@azure/cosmos';
import { hasStatus, withRetry, type RetryPolicy } from './retry.js';

/** What every document read back from Cosmos carries besides our fields. */
export interface Stored {
  readonly _etag: string;
}

export type WriteOutcome<T> = (T & Stored) | 'exists' | 'stale' | 'missing';

/** One page of a query and the token to continue it. */
export interface QueryPage<T> {
  readonly items: T[];
  readonly continuation?: string;
}

/**
 * The requests the store makes on one container, each retried on transient failures, with the
 * statuses the store expects (404, 409, 412) turned into outcomes the caller must handle.
 */
export class Requests {
  constructor(
    readonly container: Container,
    private readonly retry: RetryPolicy,
  ) {}

  private what(verb: string, id?: string): string {
    return `${verb} ${this.container.id}${id === undefined ? '' : `/${id}`}`;
  }

  async read<T>(id: string, pk: PartitionKey): Promise<(T & Stored) | undefined> {
    // A point read of a missing item resolves with status 404 and no resource; it does not throw.
    const response = await withRetry(this.what('reading', id), this.retry, () =>
      this.container.item(id, pk).read<T & Stored>(),
    );
    return response.resource;
  }

  async create<T extends { id: string }>(doc: T): Promise<(T & Stored) | 'exists'> {
    return withRetry(this.what('creating', doc.id), this.retry, async () => {
      try {
        const { resource } = await this.container.items.create<T>(doc);
        return resource as T & Stored;
      } catch (error) {
        // 409: an item with this id is already in the partition; the caller decides what that means.
        if (hasStatus(error, 409)) return 'exists' as const;
        throw error;
      }
    });
  }

  /** Replaces only while the stored item still has `etag`. */
  async replace<T extends { id: string }>(
    doc: T,
    pk: PartitionKey,
    etag: string,
  ): Promise<(T & Stored) | 'stale' | 'missing'> {
    return withRetry(this.what('replacing', doc.id), this.retry, async () => {
      try {
        const { resource } = await this.container
          .item(doc.id, pk)
          .replace<T>(doc, { accessCondition: { type: 'IfMatch', condition: etag } });
        return resource as T & Stored;
      } catch (error) {
        // 412: someone wrote since `etag` was read; 404: it was deleted meanwhile.
        if (hasStatus(error, 412)) return 'stale' as const;
        if (hasStatus(error, 404)) return 'missing' as const;
        throw error;
      }
    });
  }

  async upsert<T extends { id: string }>(doc: T): Promise<T & Stored> {
    const response = await withRetry(this.what('writing', doc.id), this.retry, () =>
      this.container.items.upsert<T>(doc),
    );
    return response.resource as T & Stored;
  }

  /** Deletes, only while the stored item still has `etag` when one is given. */
  async delete(
    id: string,
    pk: PartitionKey,
    etag?: string,
  ): Promise<'deleted' | 'stale' | 'missing'> {
    return withRetry(this.what('deleting', id), this.retry, async () => {
      try {
        const condition = etag === undefined ? undefined : { type: 'IfMatch', condition: etag };
        await this.container.item(id, pk).delete({ accessCondition: condition });
        return 'deleted' as const;
      } catch (error) {
        // 404: already gone, which is what a delete wants; 412: changed since it was read.
        if (hasStatus(error, 404)) return 'missing' as const;
        if (hasStatus(error, 412)) return 'stale' as const;
        throw error;
      }
    });
  }

  /** Applies `set`-style operations, which give the same result however often they are sent. */
  async patch(
    id: string,
    pk: PartitionKey,
    operations: PatchOperation[],
  ): Promise<'patched' | 'missing'> {
    return withRetry(this.what('updating', id), this.retry, async () => {
      try {
        await this.container.item(id, pk).patch(operations);
        return 'patched' as const;
      } catch (error) {
        // 404: the item is gone; the caller decides whether that matters.
        if (hasStatus(error, 404)) return 'missing' as const;
        throw error;
      }
    });
  }

  /** One page of a single-partition query, continuing from `continuation` when given. */
  async page<T>(
    spec: SqlQuerySpec,
    pk: PartitionKey,
    maxItemCount: number,
    continuation?: string,
  ): Promise<QueryPage<T>> {
    const response = await withRetry(this.what('querying'), this.retry, () =>
      this.container.items
        .query<T>(spec, { partitionKey: pk, maxItemCount, continuationToken: continuation })
        .fetchNext(),
    );
    return { items: response.resources, continuation: response.continuationToken };
  }
}
