import assert from 'node:assert/strict';
import { ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { loadConfig } from '../../src/config/index.js';
import { createActivityFeed, graphCredential } from '../../src/notify/graph.js';
import { DeliveryError } from '../../src/notify/worker.js';
import { FakeCredential, FakeGraph } from '../support/graph.js';

const notification = {
  topic: {
    source: 'text' as const,
    value: 'HD-1: VPN',
    webUrl: 'https://teams.microsoft.com/l/message/c/1',
  },
  activityType: 'ticketAssigned',
  previewText: { content: 'VPN drops' },
  templateParameters: [{ name: 'ticketId', value: 'HD-1' }],
};

describe('the Graph activity feed client', () => {
  let graph: FakeGraph;
  before(async () => (graph = await new FakeGraph().start()));
  after(() => graph.stop());

  const feed = (timeoutMs?: number) =>
    createActivityFeed(
      {
        auth: { kind: 'client-secret', tenantId: 'home', clientId: 'app', secret: 's' },
        baseUrl: graph.url,
        timeoutMs,
      },
      new FakeCredential(),
    );

  it('posts to sendActivityNotification with a bearer token over plain http', async () => {
    await feed().send('tenant-a', 'aad-user', notification);
    const [sent] = graph.sentTo('aad-user');
    assert.equal(sent.path, '/v1.0/users/aad-user/teamwork/sendActivityNotification');
    assert.equal(sent.headers.authorization, 'Bearer graph-token');
    assert.deepEqual(sent.body, notification);
    assert.deepEqual(graph.refused, []);
  });

  const failures: {
    status: number;
    headers: Record<string, string>;
    retryable: boolean;
    retryAfterMs?: number;
  }[] = [
    { status: 429, headers: { 'retry-after': '7' }, retryable: true, retryAfterMs: 7000 },
    { status: 503, headers: {}, retryable: true, retryAfterMs: undefined },
    { status: 403, headers: {}, retryable: false, retryAfterMs: undefined },
    { status: 404, headers: {}, retryable: false, retryAfterMs: undefined },
  ];
  for (const { status, headers, retryable, retryAfterMs } of failures) {
    it(`turns a ${status} into a ${retryable ? 'retryable' : 'final'} delivery error`, async () => {
      graph.fail(/./, status, 1, headers);
      const error = await feed()
        .send('tenant-a', 'aad-user', notification)
        .then(
          () => assert.fail('expected a failure'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.retryable, retryable);
      assert.equal(error.retryAfterMs, retryAfterMs);
      assert.match(error.message, new RegExp(`\\(${status}`));
    });
  }

  it('gives up on a call with no answer in time, as retryable', async () => {
    const silent = (await import('node:http')).createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = createActivityFeed(
      { auth: { kind: 'managed-identity' }, baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 },
      new FakeCredential(),
    );
    const error = await slow.send('t', 'u', notification).catch((e: unknown) => e);
    silent.closeAllConnections();
    silent.close();
    assert.ok(error instanceof DeliveryError && error.retryable, String(error));
  });
});

describe('Graph settings from the environment', () => {
  it('runs in local mode without Graph when nothing names an app', () => {
    assert.equal(loadConfig({}).graph, undefined);
  });

  it("reuses the bot's app registration and secret (Teams Toolkit names)", () => {
    const config = loadConfig({ BOT_ID: 'app', BOT_PASSWORD: 'pw', BOT_TENANT_ID: 'home' });
    assert.deepEqual(config.graph?.auth, {
      kind: 'client-secret',
      tenantId: 'home',
      clientId: 'app',
      secret: 'pw',
    });
    assert.ok(graphCredential(config.graph!.auth) instanceof ClientSecretCredential);
  });

  it('uses the managed identity when the bot runs as one', () => {
    const config = loadConfig({ BOT_ID: 'mi-client', BOT_TYPE: 'UserAssignedMSI' });
    assert.deepEqual(config.graph?.auth, { kind: 'managed-identity', clientId: 'mi-client' });
    assert.ok(graphCredential(config.graph!.auth) instanceof ManagedIdentityCredential);
  });

  it('names the missing variable when a client secret is asked for without one', () => {
    assert.throws(
      () => loadConfig({ GRAPH_AUTH: 'client-secret', GRAPH_CLIENT_ID: 'x' }),
      /GRAPH_AUTH/,
    );
  });

  it('takes the blank values of .env.example as unset', () => {
    const config = loadConfig({
      HELPDESK_OUTBOX_TIMEOUT_MS: '',
      GRAPH_TENANT_ID: '',
      GRAPH_AUTH: 'auto',
    });
    assert.equal(config.outboxTimeoutMs, undefined);
    assert.equal(config.graph, undefined);
  });

  it('reads the update interval per priority', () => {
    assert.deepEqual(
      loadConfig({ HELPDESK_UPDATE_INTERVALS: 'P1=30m,P2=2h,P3=1d,P4=2d' }).updateIntervalsMs,
      {
        P1: 1_800_000,
        P2: 7_200_000,
        P3: 86_400_000,
        P4: 172_800_000,
      },
    );
    assert.throws(
      () => loadConfig({ HELPDESK_UPDATE_INTERVALS: 'P1=30m' }),
      /HELPDESK_UPDATE_INTERVALS/,
    );
  });
});
