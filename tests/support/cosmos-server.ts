import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CosmosClient, type ConnectionPolicy } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { ensureCosmosResources } from '../../src/store/cosmos/index.js';

/**
 * A canned failure for the next `times` requests whose `METHOD /path` (followed by ` (query)`
 * for queries and ` (plan)` for the SDK's query-plan look-ups) matches: a status with
 * Cosmos-shaped headers; `hang` to never answer (the client's request timeout fires); or
 * `drop` to carry the request out and then cut the connection instead of answering, as when
 * a write lands but its answer is lost.
 */
export interface CosmosFault {
  readonly status: 429 | 503 | 'hang' | 'drop';
  readonly times: number;
  readonly match?: RegExp;
  /** For 429: what `x-ms-retry-after-ms` tells the client. */
  readonly retryAfterMs?: number;
}

/** One request as the server saw it. */
export interface CosmosRequest {
  readonly method: string;
  readonly path: string;
  /** A query, the SDK's query-plan look-up (answered by the gateway, reads no items), or other. */
  readonly kind: 'query' | 'plan' | 'other';
  /** The `x-ms-documentdb-partitionkey` header: which partition a query or write targets. */
  readonly partitionKey?: string;
}

/** The Azure Cosmos DB Emulator's published key; the local server accepts any key. */
const EMULATOR_KEY =
  'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/**
 * `@vercel/cosmosdb-server` on a loopback port of its own, spoken to by the real `@azure/cosmos`
 * SDK over plain HTTP. It keeps everything in memory, so each instance starts empty. It counts
 * requests (round trips say more about a design than this server's timings) and can be told to
 * answer with 429, 503 or not at all, to test transient-error handling.
 */
export class LocalCosmos {
  readonly key = EMULATOR_KEY;
  /** Requests served (faults included) since start or the last {@link resetCount}. */
  requests = 0;
  /** Every request since the last {@link resetCount}, for checks on how the store asks. */
  readonly log: CosmosRequest[] = [];
  private readonly faults: { fault: CosmosFault; remaining: number }[] = [];
  private readonly hung = new Set<http.ServerResponse>();
  private server?: http.Server;

  get endpoint(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    const server = createHttpServer();
    // Put the fault injector in front of the server's own handler.
    const [handler] = server.listeners('request') as http.RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.record(req);
      if (!this.injectFault(req, res, handler)) handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** A client of its own, as a separate bot instance would have. */
  client(policy: Partial<ConnectionPolicy> = {}): CosmosClient {
    return new CosmosClient({
      endpoint: this.endpoint,
      key: this.key,
      // The local server has no regional endpoints to discover.
      connectionPolicy: { enableEndpointDiscovery: false, ...policy },
    });
  }

  fail(fault: CosmosFault): void {
    this.faults.push({ fault, remaining: fault.times });
  }

  resetCount(): void {
    this.requests = 0;
    this.log.length = 0;
  }

  private record(req: http.IncomingMessage): void {
    this.requests++;
    const header = req.headers['x-ms-documentdb-partitionkey'];
    this.log.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      kind: KINDS[kindOf(req)],
      partitionKey: typeof header === 'string' ? header : undefined,
    });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Faults not yet served: a test that injects one checks it was hit. */
  faultsLeft(): number {
    return this.faults.reduce((sum, f) => sum + f.remaining, 0);
  }

  private injectFault(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    handler: http.RequestListener,
  ): boolean {
    const target = `${req.method} ${req.url}${kindOf(req)}`;
    const entry = this.faults.find((f) => f.remaining > 0 && (f.fault.match?.test(target) ?? true));
    if (!entry) return false;
    entry.remaining--;
    const { status, retryAfterMs } = entry.fault;
    if (status === 'drop') {
      res.end = (() => res.destroy()) as unknown as typeof res.end;
      handler(req, res);
      return true;
    }
    req.resume();
    if (status === 'hang') {
      this.hung.add(res);
      return true;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 429) headers['x-ms-retry-after-ms'] = String(retryAfterMs ?? 10);
    res.writeHead(status, headers);
    const code = status === 429 ? 'TooManyRequests' : 'ServiceUnavailable';
    res.end(JSON.stringify({ code, message: `injected ${status}` }));
    return true;
  }
}

const KINDS = { '': 'other', ' (query)': 'query', ' (plan)': 'plan' } as const;

function isTrue(header: string | string[] | undefined): boolean {
  return String(header).toLowerCase() === 'true';
}

function kindOf(req: http.IncomingMessage): '' | ' (query)' | ' (plan)' {
  if (isTrue(req.headers['x-ms-cosmos-is-query-plan-request'])) return ' (plan)';
  return isTrue(req.headers['x-ms-documentdb-isquery']) ? ' (query)' : '';
}

export async function startLocalCosmos(): Promise<LocalCosmos> {
  return new LocalCosmos().start();
}

/**
 * A local server with the help desk's database and containers made, and the environment that
 * points a help desk at it: `runHelpdesk(env)` then runs on Cosmos instead of SQLite.
 */
export async function startCosmosForHelpdesk(
  database = 'helpdesk',
): Promise<{ cosmos: LocalCosmos; env: Record<string, string> }> {
  const cosmos = await startLocalCosmos();
  const admin = cosmos.client();
  await ensureCosmosResources(admin, database);
  admin.dispose();
  const env = {
    HELPDESK_STORE: 'cosmos',
    COSMOS_ENDPOINT: cosmos.endpoint,
    COSMOS_KEY: cosmos.key,
    COSMOS_DATABASE: database,
  };
  return { cosmos, env };
}
