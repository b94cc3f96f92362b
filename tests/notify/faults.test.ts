import assert from 'node:assert/strict';
import { ConversationHealth } from '../../src/notify/health.js';
import { copiesOf, seedBurst, windowViolations, type BurstNotice } from './burst.js';
import { allSettled, runWithGraph, type NotifyRun } from './support.js';

describe('a burst of 1,000 notifications through a faulty connector', function () {
  this.timeout(180_000);
  let run: NotifyRun;
  let notices: BurstNotice[];
  let seconds: number;

  before(async () => {
    run = await runWithGraph({ env: { HELPDESK_OUTBOX_TIMEOUT_MS: '1500' } });
    // About one request in six fails: throttled with Retry-After, server errors, no answer in
    // time, or a 403 saying the bot was removed; three requesters removed it from the start.
    run.connector.setChaos({
      rate: 0.12,
      statuses: [429, 429, 500, 502, 503, 504, 403],
      retryAfter: '1',
      slowRate: 0.03,
      slowMs: 3_000,
    });
    run.graph!.fail(/sendActivityNotification/, 429, 10, { 'retry-after': '1' });
    for (const id of ['a:personal-29:user-0-0', 'a:personal-29:user-1-1', 'a:personal-29:user-2-2'])
      run.connector.block(id);

    // The burst is written first, as a flurry of ticket changes would leave it, then drained.
    await run.helpdesk.outbox.stop();
    notices = await seedBurst(run.helpdesk.store, run.connector.url, {
      tenants: 4,
      usersPerTenant: 25,
      noticesPerUser: 10,
    });
    const start = Date.now();
    run.helpdesk.outbox.start();
    await allSettled(run, notices, 170_000);
    seconds = (Date.now() - start) / 1000;
    console.log(
      `      1,000 notifications settled in ${seconds.toFixed(1)} s over ${run.connector.arrivals.length} connector requests`,
    );
  });
  after(() => run.stop());

  it('delivers every one, none lost and none given up', async () => {
    const dead = [];
    for (const n of notices) {
      const message = await run.helpdesk.store.getOutboxMessage(n.id);
      if (message?.state !== 'delivered') dead.push(`${n.id}: ${message?.lastError}`);
    }
    assert.deepEqual(dead, []);
  });

  it('delivers each exactly once, by chat or, where the bot was removed, by activity feed', () => {
    const copies = copiesOf(notices, run.connector.sent(), run.graph!.accepted);
    const wrong = [...copies].filter(([, n]) => n !== 1);
    assert.deepEqual(wrong, []);
  });

  it('sends the feed copies to the requesters who removed the bot, and lists them for admins', async () => {
    const health = new ConversationHealth(run.helpdesk.store);
    const marked = (await Promise.all([0, 1, 2, 3].map((t) => health.list(`tenant-${t}`)))).flat();
    const targets = new Set(marked.map((m) => m.target));
    for (const blocked of ['user:29:user-0-0', 'user:29:user-1-1', 'user:29:user-2-2'])
      assert.ok(targets.has(blocked), `${blocked} is listed`);
    for (const sent of run.graph!.accepted) {
      const notice = notices.find(
        (n) => n.text === (sent.body.previewText as { content: string }).content,
      )!;
      assert.ok(targets.has(`user:${notice.requester.id}`));
      assert.equal(sent.userId, notice.requester.aadObjectId);
    }
  });

  it('never exceeds the per-conversation or per-tenant rate limits', () => {
    const tenantOf = (conversationId: string) => /user-(\d+)-/.exec(conversationId)?.[1] ?? '?';
    assert.deepEqual(windowViolations(run.connector.arrivals, tenantOf), []);
  });
});
