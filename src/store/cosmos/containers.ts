import type {
  CompositePath,
  ContainerDefinition,
  CosmosClient,
  Database,
  IndexingPolicy,
} from '@azure/cosmos';
import { HelpdeskError } from '../../errors.js';
import { DEFAULT_RETRY, hasStatus, withRetry } from './retry.js';

/** A container the store needs, with the settings docs/cosmos.md argues for. */
export interface ContainerSpec {
  readonly id: string;
  readonly partitionKeyPath: string;
  readonly indexingPolicy: IndexingPolicy;
  /** -1: TTL on, items expire only when they carry their own `ttl`. */
  readonly defaultTtl?: number;
}

const asc = (path: string): CompositePath => ({ path, order: 'ascending' });
const desc = (path: string): CompositePath => ({ path, order: 'descending' });

/**
 * The columns a queue may filter on first. A composite index per filter, leading with it, lets
 * Cosmos serve "filter then order" from the index; queries name the filter first in ORDER BY.
 */
export const QUEUE_LEADS = ['requesterId', 'ownerId', 'tier'] as const;
export type QueueLead = (typeof QUEUE_LEADS)[number];

const ticketsIndexing: IndexingPolicy = {
  indexingMode: 'consistent',
  automatic: true,
  // Index only what queries read; events and the ticket body are never filtered on.
  includedPaths: [
    'type',
    'intakeKey',
    'requesterId',
    'ownerId',
    'tier',
    'state',
    'isOpen',
    'priorityRank',
    'number',
  ].map((name) => ({ path: `/${name}/?` })),
  excludedPaths: [{ path: '/*' }],
  compositeIndexes: [
    [asc('/priorityRank'), asc('/number')],
    ...QUEUE_LEADS.map((lead) => [asc(`/${lead}`), asc('/priorityRank'), asc('/number')]),
    ...QUEUE_LEADS.map((lead) => [asc(`/${lead}`), desc('/number')]),
  ],
};

export const CONTAINERS = {
  /** Tickets with their recent events, event pages and the tenant's number counter. */
  tickets: {
    id: 'tickets',
    partitionKeyPath: '/tenantId',
    indexingPolicy: ticketsIndexing,
  },
  /** Notifications waiting or sent, spread over a fixed set of shards. */
  outbox: {
    id: 'outbox',
    partitionKeyPath: '/shard',
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/state/?' }, { path: '/dueAt/?' }],
      excludedPaths: [{ path: '/*' }],
      compositeIndexes: [[asc('/state'), asc('/dueAt')]],
    },
    defaultTtl: -1,
  },
  /** When each ticket's SLA needs the scheduler next, spread over a fixed set of shards. */
  timers: {
    id: 'timers',
    partitionKeyPath: '/shard',
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/dueAt/?' }],
      excludedPaths: [{ path: '/*' }],
    },
  },
  /** Small documents read and written by key only: bot state, references, settings. */
  kv: {
    id: 'kv',
    partitionKeyPath: '/id',
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [],
      excludedPaths: [{ path: '/*' }],
    },
    defaultTtl: -1,
  },
} satisfies Record<string, ContainerSpec>;

export type ContainerName = keyof typeof CONTAINERS;

export interface EnsureOptions {
  /** Shared autoscale throughput for the database; omit for serverless accounts. */
  readonly autoscaleMaxThroughput?: number;
}

/** What {@link ensureCosmosResources} did to each resource. */
export interface EnsureReport {
  readonly database: 'created' | 'exists';
  readonly containers: Readonly<Record<ContainerName, 'created' | 'updated' | 'exists'>>;
}

/**
 * Creates the database and containers with the settings above, or brings the indexing policy
 * and TTL of existing ones up to date. Safe to run any number of times. A container whose
 * partition key differs cannot be changed in place and stops it with `invalid_config`.
 *
 * Creating resources needs the account key: Cosmos DB's data-plane RBAC (managed identity)
 * may read and write items but not create containers; use infra/cosmos.bicep there.
 */
export async function ensureCosmosResources(
  client: CosmosClient,
  databaseId: string,
  options: EnsureOptions = {},
): Promise<EnsureReport> {
  const throughput = options.autoscaleMaxThroughput;
  const { database, statusCode } = await withRetry('creating the database', DEFAULT_RETRY, () =>
    client.databases.createIfNotExists({
      id: databaseId,
      ...(throughput === undefined ? {} : { maxThroughput: throughput }),
    }),
  );
  const containers = {} as Record<ContainerName, 'created' | 'updated' | 'exists'>;
  for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
    containers[name] = await ensureContainer(database, CONTAINERS[name]);
  }
  return { database: statusCode === 201 ? 'created' : 'exists', containers };
}

async function ensureContainer(
  database: Database,
  spec: ContainerSpec,
): Promise<'created' | 'updated' | 'exists'> {
  const wanted: ContainerDefinition = {
    id: spec.id,
    partitionKey: { paths: [spec.partitionKeyPath] },
    indexingPolicy: spec.indexingPolicy,
    ...(spec.defaultTtl === undefined ? {} : { defaultTtl: spec.defaultTtl }),
  };
  const { container, resource, statusCode } = await withRetry(
    `creating container ${spec.id}`,
    DEFAULT_RETRY,
    () => database.containers.createIfNotExists(wanted),
  );
  if (statusCode === 201) return 'created';
  requireSamePartitionKey(spec, resource);
  if (settingsMatch(spec, resource)) return 'exists';
  await withRetry(`updating container ${spec.id}`, DEFAULT_RETRY, () =>
    container.replace({ ...wanted, partitionKey: resource?.partitionKey }),
  );
  return 'updated';
}

/**
 * Checks at start-up that every container exists with our partition key and composite indexes,
 * so a missing `helpdesk cosmos init` fails with a sentence instead of a 400 on the first query.
 */
export async function verifyCosmosResources(client: CosmosClient, databaseId: string) {
  const database = client.database(databaseId);
  for (const spec of Object.values(CONTAINERS)) {
    const resource = await withRetry(`reading container ${spec.id}`, DEFAULT_RETRY, () =>
      database
        .container(spec.id)
        .read()
        .then(
          (response) => response.resource,
          (error: unknown) => {
            // 404: the database or the container is not there yet.
            if (hasStatus(error, 404)) return undefined;
            throw error;
          },
        ),
    );
    if (!resource) {
      throw new HelpdeskError(
        'invalid_config',
        `Cosmos DB container '${databaseId}/${spec.id}' does not exist; run ` +
          '`helpdesk cosmos init` or deploy infra/cosmos.bicep first.',
      );
    }
    requireSamePartitionKey(spec, resource);
    if (!settingsMatch(spec, resource)) {
      throw new HelpdeskError(
        'invalid_config',
        `Cosmos DB container '${databaseId}/${spec.id}' lacks the indexes or TTL the help desk ` +
          'needs; run `helpdesk cosmos init` to update it.',
      );
    }
  }
}

function requireSamePartitionKey(spec: ContainerSpec, found?: ContainerDefinition): void {
  const paths = found?.partitionKey?.paths ?? [];
  if (paths.length === 1 && paths[0] === spec.partitionKeyPath) return;
  throw new HelpdeskError(
    'invalid_config',
    `Cosmos DB container '${spec.id}' is partitioned by ${JSON.stringify(paths)}, not ` +
      `'${spec.partitionKeyPath}'; partition keys cannot change, so move its data to a new ` +
      'container with the right key.',
  );
}

/** Whether the composite indexes and TTL we rely on are in place (Cosmos adds defaults). */
function settingsMatch(spec: ContainerSpec, found?: ContainerDefinition): boolean {
  const key = (paths: readonly CompositePath[]) =>
    paths.map((p) => `${p.path}:${p.order ?? 'ascending'}`).join(',');
  const have = new Set((found?.indexingPolicy?.compositeIndexes ?? []).map(key));
  const indexed = (spec.indexingPolicy.compositeIndexes ?? []).every((c) => have.has(key(c)));
  return indexed && (spec.defaultTtl === undefined || found?.defaultTtl === spec.defaultTtl);
}
