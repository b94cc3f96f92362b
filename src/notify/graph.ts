import {
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import {
  Client,
  GraphError,
  HTTPMessageHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { Logger } from '../log.js';
import type { Person } from '../tickets/types.js';
import { DeliveryError } from './worker.js';

/** How the help desk signs in to Microsoft Graph; see GRAPH_AUTH in .env.example. */
export type GraphAuth =
  | {
      readonly kind: 'client-secret';
      readonly tenantId: string;
      readonly clientId: string;
      readonly secret: string;
    }
  | { readonly kind: 'managed-identity'; readonly clientId?: string };

export interface GraphSettings {
  readonly auth: GraphAuth;
  /** `https://graph.microsoft.com` in production; a loopback stand-in in tests. */
  readonly baseUrl: string;
  /** A call with no answer by then is abandoned (and retried by the outbox). */
  readonly timeoutMs?: number;
}

/** One activity feed notification, as `sendActivityNotification` takes it. */
export interface ActivityNotification {
  readonly topic: { readonly source: 'text'; readonly value: string; readonly webUrl: string };
  readonly activityType: string;
  readonly previewText: { readonly content: string };
  readonly templateParameters: readonly { readonly name: string; readonly value: string }[];
}

/** Sends activity feed notifications; throws {@link DeliveryError} when it could not. */
export interface ActivityFeed {
  send(tenantId: string, userId: string, notification: ActivityNotification): Promise<void>;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Statuses worth another try: throttled, and the gateway and service errors Graph documents. */
const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

/** The @azure/identity credential for `auth`: an app secret, or the managed identity. */
export function graphCredential(auth: GraphAuth): TokenCredential {
  if (auth.kind === 'managed-identity') {
    return auth.clientId
      ? new ManagedIdentityCredential(auth.clientId)
      : new ManagedIdentityCredential();
  }
  // Multi-tenant: a token is asked for in the tenant of each recipient.
  return new ClientSecretCredential(auth.tenantId, auth.clientId, auth.secret, {
    additionallyAllowedTenants: ['*'],
  });
}

/**
 * Puts a bearer token from `credential` on every request. The Graph client's own handler only
 * does so for https Graph hosts; this one also serves a stand-in over plain http.
 */
class BearerMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly credential: TokenCredential,
    private readonly tenantId: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async execute(context: Context): Promise<void> {
    const token = await this.credential.getToken(
      GRAPH_SCOPE,
      this.tenantId ? { tenantId: this.tenantId } : {},
    );
    if (!token) throw new DeliveryError('No Graph token was issued; check GRAPH_* settings.', true);
    const options = (context.options ??= {});
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set('Authorization', `Bearer ${token.token}`);
    options.headers = Object.fromEntries(headers.entries());
    options.signal = AbortSignal.timeout(this.timeoutMs);
    await this.next!.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The activity feed through Microsoft Graph: one client per tenant, tokens per tenant. */
export class GraphActivityFeed implements ActivityFeed {
  private readonly clients = new Map<string, Client>();

  constructor(
    private readonly credential: TokenCredential,
    private readonly settings: Pick<GraphSettings, 'baseUrl' | 'timeoutMs'> & {
      readonly perTenantTokens: boolean;
    },
  ) {}

  async send(tenantId: string, userId: string, notification: ActivityNotification) {
    const path = `/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`;
    try {
      await this.client(tenantId).api(path).version('v1.0').post(notification);
    } catch (error) {
      throw asDeliveryError(error);
    }
  }

  private client(tenantId: string): Client {
    let client = this.clients.get(tenantId);
    if (!client) {
      client = graphClient(this.credential, this.settings, tenantId);
      this.clients.set(tenantId, client);
    }
    return client;
  }
}

type ClientSettings = Pick<GraphSettings, 'baseUrl' | 'timeoutMs'> & {
  readonly perTenantTokens: boolean;
};

/** A Graph client for one tenant, signing every request with our bearer middleware. */
function graphClient(credential: TokenCredential, settings: ClientSettings, tenantId: string) {
  const auth = new BearerMiddleware(
    credential,
    settings.perTenantTokens ? tenantId : undefined,
    settings.timeoutMs ?? 15_000,
  );
  auth.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({
    baseUrl: settings.baseUrl.replace(/\/?$/, '/'),
    middleware: auth,
    defaultVersion: 'v1.0',
  });
}

/** The groups a person belongs to, by id and display name (SLA rules may name either). */
export interface GroupDirectory {
  groupsOf(tenantId: string, person: Person): Promise<readonly string[]>;
}

/**
 * Group membership through Graph (`transitiveMemberOf`, needs GroupMember.Read.All). A Graph
 * failure gives no groups, so the ticket gets the default policy rather than no ticket at all.
 */
export class GraphGroupDirectory implements GroupDirectory {
  constructor(
    private readonly credential: TokenCredential,
    private readonly settings: ClientSettings,
    private readonly log: Logger,
  ) {}

  async groupsOf(tenantId: string, person: Person): Promise<readonly string[]> {
    if (!person.aadObjectId) return [];
    const path = `/users/${encodeURIComponent(person.aadObjectId)}/transitiveMemberOf/microsoft.graph.group`;
    try {
      const client = graphClient(this.credential, this.settings, tenantId);
      const page = (await client.api(path).select(['id', 'displayName']).top(999).get()) as {
        value?: { id?: string; displayName?: string }[];
      };
      return (page.value ?? [])
        .flatMap((g) => [g.id, g.displayName])
        .filter((v): v is string => !!v);
    } catch (error) {
      // Graph refused or timed out: say so with a code and carry on without groups.
      if (!(error instanceof GraphError) && !(error instanceof DeliveryError) && !isAbort(error))
        throw error;
      this.log.warn(
        { tenantId, code: 'groups_unavailable', reason: String(error) },
        'requester groups unavailable',
      );
      return [];
    }
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** Group look-ups from settings; `credential` replaces the configured one (tests). */
export function createGroupDirectory(
  settings: GraphSettings,
  log: Logger,
  credential: TokenCredential = graphCredential(settings.auth),
): GroupDirectory {
  return new GraphGroupDirectory(
    credential,
    {
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
      perTenantTokens: settings.auth.kind === 'client-secret',
    },
    log,
  );
}

/** Builds the activity feed from settings; `credential` replaces the configured one (tests). */
export function createActivityFeed(
  settings: GraphSettings,
  credential: TokenCredential = graphCredential(settings.auth),
): ActivityFeed {
  return new GraphActivityFeed(credential, {
    baseUrl: settings.baseUrl,
    timeoutMs: settings.timeoutMs,
    perTenantTokens: settings.auth.kind === 'client-secret',
  });
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof GraphError) {
    const status = error.statusCode;
    // statusCode -1 is the client's way of saying no HTTP answer came (reset, abort, timeout).
    const retryable = status <= 0 || RETRYABLE.has(status);
    const seconds = Number(error.headers?.get('retry-after'));
    const code = error.code ? ` ${error.code}` : '';
    return new DeliveryError(
      `Microsoft Graph refused the activity notification (${status}${code}).`,
      retryable,
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
      { cause: error },
    );
  }
  return new DeliveryError(
    'The activity notification did not reach Microsoft Graph.',
    true,
    undefined,
    {
      cause: error,
    },
  );
}
