import type { CosmosClient } from '@azure/cosmos';
import type { Ticket, TicketEvent } from '../../tickets/types.js';
import type {
  ChangeSet,
  CreateResult,
  KvItem,
  KvNamespace,
  NewTicket,
  OutboxMessage,
  Page,
  Store,
  TicketQuery,
} from '../contract.js';
import { createCosmosClient, type CosmosConnection } from './client.js';
import { CONTAINERS, verifyCosmosResources } from './containers.js';
import { KvRecords } from './kv.js';
import { TicketNumbers } from './numbering.js';
import { OutboxRecords } from './outbox.js';
import { queuePage } from './queues.js';
import { Requests } from './requests.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { TicketRecords } from './tickets.js';
import { DueTimers } from './timers.js';

export { createCosmosClient, type CosmosConnection } from './client.js';
export {
  CONTAINERS,
  ensureCosmosResources,
  type EnsureOptions,
  type EnsureReport,
} from './containers.js';
export { SHARD_COUNT } from './shards.js';
export { DEFAULT_RETRY, statusOf, type RetryPolicy } from './retry.js';

export interface CosmosStoreOptions {
  readonly client: CosmosClient;
  readonly database: string;
  /** Ticket ids are `${prefix}-${number}`. */
  readonly ticketPrefix: string;
  /** The number before a tenant's first ticket. */
  readonly firstNumber?: number;
  /** Our retries of 503s and timeouts; the SDK's own policy handles 429. */
  readonly retry?: RetryPolicy;
  /** Events kept inside a ticket's document before older ones move to a page (JSON bytes). */
  readonly eventBytesPerDocument?: number;
  /** Dispose of the client on close (when the store created it). */
  readonly ownsClient?: boolean;
}

/**
 * The scale-out store on Azure Cosmos DB for NoSQL. Several bot instances may share one
 * account: every race is decided by an ETag condition (`IfMatch`), never by a lock, and no hot
 * path queries across partitions. docs/cosmos.md explains the containers and their costs.
 */
export class CosmosStore implements Store {
  readonly kind = 'cosmos';
  private readonly tickets: TicketRecords;
  private readonly ticketRequests: Requests;
  private readonly outbox: OutboxRecords;
  private readonly kv: KvRecords;
  private readonly timers: DueTimers;

  constructor(private readonly options: CosmosStoreOptions) {
    const database = options.client.database(options.database);
    const retry = options.retry ?? DEFAULT_RETRY;
    const requests = (id: string) => new Requests(database.container(id), retry);
    this.ticketRequests = requests(CONTAINERS.tickets.id);
    this.outbox = new OutboxRecords(requests(CONTAINERS.outbox.id), this.ticketRequests);
    this.kv = new KvRecords(requests(CONTAINERS.kv.id));
    this.timers = new DueTimers(requests(CONTAINERS.timers.id), this.ticketRequests);
    this.tickets = new TicketRecords(
      this.ticketRequests,
      new TicketNumbers(this.ticketRequests, options.firstNumber ?? 1000),
      this.outbox,
      this.timers,
      {
        ticketPrefix: options.ticketPrefix,
        eventBytesPerDocument: options.eventBytesPerDocument ?? 8192,
      },
    );
  }

  createTicket(input: NewTicket, compose: (ticket: Ticket) => ChangeSet): Promise<CreateResult> {
    return this.tickets.create(input, compose);
  }

  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    return this.tickets.get(tenantId, ticketId);
  }

  updateTicket(next: Ticket, change: ChangeSet): Promise<Ticket> {
    return this.tickets.update(next, change);
  }

  listEvents(tenantId: string, ticketId: string): Promise<readonly TicketEvent[]> {
    return this.tickets.events(tenantId, ticketId);
  }

  listTickets(query: TicketQuery): Promise<Page<Ticket>> {
    return queuePage(this.ticketRequests, query);
  }

  listDueTickets(before: Date, limit: number): Promise<readonly Ticket[]> {
    return this.timers.due(before, limit);
  }

  getItem<T>(ns: KvNamespace, key: string): Promise<KvItem<T> | undefined> {
    return this.kv.get<T>(ns, key);
  }

  putItem<T>(ns: KvNamespace, key: string, value: T, etag?: string): Promise<KvItem<T>> {
    return this.kv.put(ns, key, value, etag);
  }

  putItemIfAbsent<T>(ns: KvNamespace, key: string, value: T): Promise<boolean> {
    return this.kv.putIfAbsent(ns, key, value);
  }

  deleteItem(ns: KvNamespace, key: string): Promise<void> {
    return this.kv.delete(ns, key);
  }

  leaseOutbox(now: Date, limit: number, leaseMs: number): Promise<readonly OutboxMessage[]> {
    return this.outbox.lease(now, limit, leaseMs);
  }

  settleOutbox(id: string, outcome: Parameters<Store['settleOutbox']>[1]): Promise<void> {
    return this.outbox.settle(id, outcome);
  }

  getOutboxMessage(id: string): Promise<OutboxMessage | undefined> {
    return this.outbox.get(id);
  }

  async close(): Promise<void> {
    if (this.options.ownsClient) this.options.client.dispose();
  }
}

/**
 * Connects to the account, checks the containers are there with the settings the store needs
 * (`helpdesk cosmos init` makes them), and returns a store that closes its client with it.
 */
export async function openCosmosStore(
  options: CosmosConnection & { readonly database: string; readonly ticketPrefix: string },
): Promise<CosmosStore> {
  const client = createCosmosClient(options);
  try {
    await verifyCosmosResources(client, options.database);
  } catch (error) {
    // Whatever went wrong, this client will not be used: release its timers and sockets.
    client.dispose();
    throw error;
  }
  return new CosmosStore({ ...options, client, ownsClient: true });
}
