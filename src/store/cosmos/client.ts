import { CosmosClient } from '@azure/cosmos';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

/** Where the Cosmos DB account is and how to prove who we are. */
export interface CosmosConnection {
  readonly endpoint: string;
  /** The account key. Without it, Microsoft Entra ID through `credential`. */
  readonly key?: string;
  /** Defaults to `DefaultAzureCredential` (managed identity on Azure, az login locally). */
  readonly credential?: TokenCredential;
  /** Per request; Teams waits about 15 s for an invoke answer, so keep this well under. */
  readonly requestTimeoutMs?: number;
}

/**
 * A client tuned for a bot: the SDK retries 429 itself, honouring the service's
 * `x-ms-retry-after-ms`, up to 9 times within 10 s (then the store reports
 * `store_unavailable`); requests time out after 5 s.
 */
export function createCosmosClient(connection: CosmosConnection): CosmosClient {
  const auth = connection.key
    ? { key: connection.key }
    : { aadCredentials: connection.credential ?? new DefaultAzureCredential() };
  return new CosmosClient({
    endpoint: connection.endpoint,
    ...auth,
    connectionPolicy: {
      requestTimeout: connection.requestTimeoutMs ?? 5000,
      // A local emulator has no regional endpoints to discover; Azure accounts do.
      enableEndpointDiscovery: !isLoopback(connection.endpoint),
      retryOptions: {
        maxRetryAttemptCount: 9,
        fixedRetryIntervalInMilliseconds: 0,
        maxWaitTimeInSeconds: 10,
      },
    },
  });
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
