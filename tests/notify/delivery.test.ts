import assert from 'node:assert/strict';
import { ConversationHealth } from '../../src/notify/health.js';
import {
  activityMessage,
  mentionMessage,
  requesterNoticeMessage,
  type ActivityType,
  type RequesterTopic,
} from '../../src/notify/kinds.js';
import { NotificationPreferences } from '../../src/notify/preferences.js';
import { waitFor } from '../support/connector.js';
import { openTicket } from '../support/flows.js';
import { TEAM_ID, TENANT, cardOf, cardText, post, user } from '../support/teams.js';
import { enqueue, runWithGraph, settled, type NotifyRun } from './support.js';

const requester = user('Rita Requester');
const owner = user('Omar Owner');
const personal = (u: typeof owner) => `a:personal-${u.id}`;

describe('notifications, as the stand-ins receive them', () => {
  let run: NotifyRun;
  let ticketId: string;
  let cardId: string;
  let title: string;

  before(async () => {
    run = await runWithGraph();
    run.connector.addMember(TEAM_ID, owner);
    await post(run.helpdesk.url, run.teams.installedInTeam(owner));
    await post(run.helpdesk.url, run.teams.personalMessage(requester, 'hello'));
    ({ ticketId, cardId } = await openTicket(
      run as never,
      requester,
      'VPN drops every ten minutes',
    ));
    title = (await run.helpdesk.store.getTicket(TENANT, ticketId))!.title;
  });
  after(() => run.stop());

  describe('the activity feed', () => {
    const cases: { type: ActivityType; parameters?: Record<string, string> }[] = [
      { type: 'ticketAssigned' },
      { type: 'ticketEscalated', parameters: { escalationLevel: 'L2' } },
      { type: 'requesterReplied' },
      { type: 'slaWarning', parameters: { minutesLeft: '15' } },
      { type: 'onCallPage' },
    ];
    for (const { type, parameters } of cases) {
      it(`sends ${type} to the technician, opening the ticket's card`, async () => {
        const message = activityMessage(TENANT, `test-${type}`, {
          ticketId,
          activityType: type,
          recipient: owner,
          previewText: `About ${ticketId}`,
          parameters,
        });
        await enqueue(run, ticketId, [message]);
        assert.equal((await settled(run, message.id)).state, 'delivered');

        const sent = run.graph!.accepted.filter((r) => r.body.activityType === type);
        assert.equal(sent.length, 1);
        assert.equal(
          sent[0].path,
          `/v1.0/users/${owner.aadObjectId}/teamwork/sendActivityNotification`,
        );
        assert.equal(sent[0].headers.authorization, 'Bearer graph-token');
        assert.match(String(sent[0].headers['content-type']), /^application\/json/);
        const channel = encodeURIComponent(TEAM_ID);
        assert.deepEqual(sent[0].body, {
          topic: {
            source: 'text',
            value: `${ticketId}: ${title}`,
            webUrl: `https://teams.microsoft.com/l/message/${channel}/${cardId}?tenantId=${TENANT}&parentMessageId=${cardId}`,
          },
          activityType: type,
          previewText: { content: `About ${ticketId}` },
          templateParameters: [
            { name: 'ticketId', value: ticketId },
            ...Object.entries(parameters ?? {}).map(([name, value]) => ({ name, value })),
          ],
        });
      });
    }

    it("asks for a Graph token in the recipient's tenant", () => {
      assert.ok(run.credential.requests.length > 0);
      for (const request of run.credential.requests) {
        assert.equal(request.scopes, 'https://graph.microsoft.com/.default');
        assert.equal(request.tenantId, TENANT);
      }
    });

    it('refuses to build an activity without its template parameters', () => {
      assert.throws(
        () =>
          activityMessage(TENANT, 'x', {
            ticketId,
            activityType: 'slaWarning',
            recipient: owner,
            previewText: '',
          }),
        /slaWarning activity needs minutesLeft/,
      );
    });

    it('retries after a 429, no sooner than Retry-After', async () => {
      run.graph!.fail(/sendActivityNotification/, 429, 1, { 'retry-after': '1' });
      const message = activityMessage(TENANT, 'throttled', {
        ticketId,
        activityType: 'ticketAssigned',
        recipient: owner,
        previewText: 'throttled once',
      });
      const start = Date.now();
      await enqueue(run, ticketId, [message]);
      const outcome = await settled(run, message.id);
      assert.equal(outcome.state, 'delivered');
      assert.equal(outcome.attempts, 2);
      const at = run.graph!.accepted.find(
        (r) => r.body.previewText && JSON.stringify(r.body).includes('throttled once'),
      )!.at;
      assert.ok(at - start >= 1000, `retried after ${at - start} ms`);
    });
  });

  describe('the channel', () => {
    it('@mentions people and tags in the ticket thread', async () => {
      const message = mentionMessage(TENANT, 'p1-posted', {
        ticketId,
        text: 'P1: please look now.',
        mentions: [
          { id: owner.id, name: owner.name },
          { id: 'tag-l2', name: 'L2 network', type: 'tag' },
        ],
      });
      await enqueue(run, ticketId, [message]);
      assert.equal((await settled(run, message.id)).state, 'delivered');
      const [reply] = run.connector
        .sent(`${TEAM_ID};messageid=${cardId}`)
        .filter((r) => String(r.body.text).includes('please look now'));
      // botbuilder names a fresh activity id to reply to; the conversation id picks the thread.
      assert.ok(
        reply.path.startsWith(`/v3/conversations/${TEAM_ID};messageid=${cardId}/activities/`),
        reply.path,
      );
      assert.equal(
        reply.body.text,
        `<at>Omar Owner</at> <at>L2 network</at> ${ticketId}: P1: please look now.`,
      );
      assert.deepEqual(reply.body.entities, [
        {
          type: 'mention',
          text: '<at>Omar Owner</at>',
          mentioned: { id: owner.id, name: owner.name },
        },
        {
          type: 'mention',
          text: '<at>L2 network</at>',
          mentioned: { id: 'tag-l2', name: 'L2 network', type: 'tag' },
        },
      ]);
    });
  });

  describe("the requester's chat", () => {
    const topics: RequesterTopic[] = [
      'received',
      'claimed',
      'question',
      'resolved',
      'closed',
      'update',
    ];
    for (const topic of topics) {
      it(`tells the requester: ${topic}`, async () => {
        const text = `Notice about ${topic} for ${ticketId}.`;
        const message = requesterNoticeMessage(TENANT, `test-${topic}`, requester.id, {
          ticketId,
          topic,
          heading: `Heading ${topic}`,
          text,
        });
        await enqueue(run, ticketId, [message]);
        assert.equal((await settled(run, message.id)).state, 'delivered');
        const sent = run.connector.sent(personal(requester)).filter((r) => r.body.text === text);
        assert.equal(sent.length, 1);
        // A proactive message replies to the last activity the stored reference names.
        assert.match(
          sent[0].path,
          /^\/v3\/conversations\/a:personal-29:rita-requester\/activities\/[\w-]+$/,
        );
        assert.match(cardText(cardOf(sent[0].body)), new RegExp(`Heading ${topic}`));
      });
    }
  });

  describe('muting', () => {
    it('skips a kind the person muted, and sends it again once they unmute', async () => {
      const preferences = new NotificationPreferences(run.helpdesk.store);
      await preferences.setMuted(TENANT, owner.id, 'ticketAssigned', true);
      const muted = activityMessage(TENANT, 'muted', {
        ticketId,
        activityType: 'ticketAssigned',
        recipient: owner,
        previewText: 'while muted',
      });
      await enqueue(run, ticketId, [muted]);
      assert.equal((await settled(run, muted.id)).state, 'delivered');
      assert.equal(
        run.graph!.accepted.filter((r) => JSON.stringify(r.body).includes('while muted')).length,
        0,
      );

      await preferences.setMuted(TENANT, owner.id, 'ticketAssigned', false);
      const heard = activityMessage(TENANT, 'unmuted', {
        ticketId,
        activityType: 'ticketAssigned',
        recipient: owner,
        previewText: 'after unmuting',
      });
      await enqueue(run, ticketId, [heard]);
      await settled(run, heard.id);
      assert.equal(
        run.graph!.accepted.filter((r) => JSON.stringify(r.body).includes('after unmuting')).length,
        1,
      );
    });

    it('refuses to mute what the admin requires', async () => {
      const preferences = new NotificationPreferences(run.helpdesk.store);
      await assert.rejects(
        preferences.setMuted(TENANT, owner.id, 'onCallPage', true),
        /admin requires 'onCallPage'/,
      );
      await preferences.setRequired(TENANT, ['onCallPage', 'ticketAssigned']);
      await assert.rejects(preferences.setMuted(TENANT, owner.id, 'ticketAssigned', true));
      await preferences.setRequired(TENANT, ['onCallPage']);
    });
  });

  describe('a requester who removed the bot', () => {
    it('marks the chat unusable, tells the team, and reaches them through the activity feed', async () => {
      run.connector.block(personal(requester));
      const first = requesterNoticeMessage(TENANT, 'blocked-1', requester.id, {
        ticketId,
        topic: 'resolved',
        heading: 'Resolved while blocked',
        text: 'Fixed the VPN profile.',
      });
      await enqueue(run, ticketId, [first]);
      assert.equal((await settled(run, first.id)).state, 'delivered');

      const [feed] = run.graph!.sentTo(requester.aadObjectId);
      assert.deepEqual(feed.body.templateParameters, [
        { name: 'systemDefaultText', value: 'Resolved while blocked' },
      ]);
      assert.equal(feed.body.activityType, 'systemDefault');
      assert.deepEqual(feed.body.previewText, { content: 'Fixed the VPN profile.' });

      const health = new ConversationHealth(run.helpdesk.store);
      const listed = await health.list(TENANT);
      assert.deepEqual(
        listed.map((l) => [l.target, l.mark.code]),
        [[`user:${requester.id}`, 'BotNotInConversationRoster']],
      );
      await waitFor('the note in the ticket thread', () =>
        run.connector
          .sent(`${TEAM_ID};messageid=${cardId}`)
          .find((r) => String(r.body.text).includes('can no longer be reached in chat')),
      );

      // The next notice goes straight to the feed: Teams is not asked again.
      const tries = run.connector.arrivals.filter(
        (a) => a.conversationId === personal(requester),
      ).length;
      const second = requesterNoticeMessage(TENANT, 'blocked-2', requester.id, {
        ticketId,
        topic: 'closed',
        heading: 'Closed while blocked',
        text: 'Closed.',
      });
      await enqueue(run, ticketId, [second]);
      assert.equal((await settled(run, second.id)).state, 'delivered');
      assert.equal(run.graph!.sentTo(requester.aadObjectId).length, 2);
      assert.equal(
        run.connector.arrivals.filter((a) => a.conversationId === personal(requester)).length,
        tries,
      );
    });
  });
});

describe('notifications without Graph (local mode)', () => {
  let run: NotifyRun;
  let ticketId: string;

  before(async () => {
    run = await runWithGraph({ local: true });
    run.connector.addMember(TEAM_ID, owner);
    await post(run.helpdesk.url, run.teams.installedInTeam(owner));
    await post(run.helpdesk.url, run.teams.personalMessage(requester, 'hello'));
    await post(run.helpdesk.url, run.teams.personalMessage(owner, 'hello'));
    ({ ticketId } = await openTicket(run as never, requester, 'Printer on floor 3 is offline'));
  });
  after(() => run.stop());

  it("sends an activity as a bot message in the technician's personal chat", async () => {
    const message = activityMessage(TENANT, 'local', {
      ticketId,
      activityType: 'slaWarning',
      recipient: owner,
      previewText: 'Answer the requester soon.',
      parameters: { minutesLeft: '30' },
    });
    await enqueue(run, ticketId, [message]);
    assert.equal((await settled(run, message.id)).state, 'delivered');
    const [sent] = run.connector
      .sent(personal(owner))
      .filter((r) => String(r.body.text).includes('SLA'));
    assert.equal(
      sent.body.text,
      `${ticketId} breaches its SLA in 30 minutes. Answer the requester soon.`,
    );
  });

  it('gives up on a requester who removed the bot, since there is no feed to fall back to', async () => {
    run.connector.block(personal(requester));
    const message = requesterNoticeMessage(TENANT, 'local-blocked', requester.id, {
      ticketId,
      topic: 'update',
      heading: 'Still on it',
      text: 'We are still working on it.',
    });
    await enqueue(run, ticketId, [message]);
    const outcome = await settled(run, message.id);
    assert.equal(outcome.state, 'dead');
    assert.match(outcome.lastError ?? '', /cannot be reached/);
  });
});
