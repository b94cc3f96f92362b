import { revisionOf } from '../../src/tickets/types.js';
import assert from 'node:assert/strict';
import { waitFor } from '../support/connector.js';
import { openTicket, press } from '../support/flows.js';
import { STORES, runHelpdeskOn, type Running } from '../support/harness.js';
import {
  CHANNEL_THREAD,
  TEAM_ID,
  TENANT,
  cardOf,
  cardText,
  invokeCard,
  post,
  user,
} from '../support/teams.js';

const requester = user('Rita Requester');
const owner = user('Omar Owner');
const other = user('Nina Nextdoor');
const lead = user('Lee Lead');
const personal = `a:personal-${requester.id}`;

for (const store of STORES) {
  describe(`on ${store}`, () => {
    describe("a technician's day on one ticket", () => {
      let hd: Running;
      let ticketId: string;
      let cardId: string;
      const stored = () => hd.helpdesk.store.getTicket(TENANT, ticketId);
      const thread = () =>
        hd.connector.sent(`${TEAM_ID};messageid=${cardId}`).map((r) => String(r.body.text));
      const toRequester = () =>
        hd.connector.sent(personal).map((r) => `${r.body.text ?? ''}\n${cardText(cardOf(r.body))}`);

      before(async () => {
        hd = await runHelpdeskOn(store, { HELPDESK_TIER_LEADS: lead.id });
        for (const member of [owner, other, lead]) hd.connector.addMember(TEAM_ID, member);
        await post(hd.helpdesk.url, hd.teams.installedInTeam(owner));
        await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'hello'));
        ({ ticketId, cardId } = await openTicket(
          hd,
          requester,
          'Excel crashes when I open the budget file',
        ));
        invokeCard(await press(hd, owner, 'ticket.claim', ticketId));
      });
      after(() => hd.stop());

      it('puts the question to the requester and waits on them', async () => {
        const card = invokeCard(
          await press(hd, owner, 'ticket.ask', ticketId, { note: 'Which version of Excel?' }),
        );
        assert.match(cardText(card), /Waiting on the requester/);
        assert.equal((await stored())?.state, 'waiting_on_requester');
        await waitFor('the question in the personal chat', () =>
          toRequester().find((t) => t.includes('Which version of Excel?')),
        );
      });

      it("carries the requester's typed answer into the channel thread and back to in progress", async () => {
        await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'Excel 2021, 64-bit'));
        await waitFor('the answer in the thread', () =>
          thread().find((t) => t.includes('Excel 2021, 64-bit')),
        );
        assert.equal((await stored())?.state, 'in_progress');
      });

      it('goes back and forth as often as needed, keeping every message', async () => {
        await press(hd, owner, 'ticket.ask', ticketId, {
          note: 'Does it happen with other files?',
        });
        await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'Only that one'));
        await waitFor('the second answer', () => thread().find((t) => t.includes('Only that one')));
        const events = await hd.helpdesk.store.listEvents(TENANT, ticketId);
        const messages = events.filter((e) => e.type === 'message').map((e) => e.note);
        assert.deepEqual(messages, [
          'Which version of Excel?',
          'Excel 2021, 64-bit',
          'Does it happen with other files?',
          'Only that one',
        ]);
      });

      it('keeps a screenshot the requester sends with the ticket', async () => {
        const message = {
          ...hd.teams.personalMessage(requester, ''),
          attachments: [
            {
              contentType: 'image/png',
              contentUrl: 'https://files.example/screenshot.png',
              name: 'shot.png',
            },
          ],
        };
        await post(hd.helpdesk.url, message);
        await waitFor('the attachment event', async () =>
          (await hd.helpdesk.store.listEvents(TENANT, ticketId)).find(
            (e) => e.type === 'attachment',
          ),
        );
      });

      it('refuses to resolve without a resolution note', async () => {
        const card = invokeCard(await press(hd, owner, 'ticket.resolve', ticketId, { note: '  ' }));
        assert.match(cardText(card), /resolution note is required/);
        assert.equal((await stored())?.state, 'in_progress');
      });

      it('lets only the owner or a tier lead resolve', async () => {
        const card = invokeCard(
          await press(hd, other, 'ticket.resolve', ticketId, { note: 'Reinstalled' }),
        );
        assert.match(cardText(card), new RegExp(`Only ${owner.name} or a tier lead`));
        assert.equal((await stored())?.state, 'in_progress');
      });

      it('gives the current card back, unchanged, for a button pressed on a stale card', async () => {
        const before = await stored();
        const res = await post(
          hd.helpdesk.url,
          hd.teams.action('channel', owner, 'ticket.set-priority', {
            ticketId,
            version: revisionOf(before!) - 1,
            priority: 'P1',
          }),
        );
        const card = invokeCard(res);
        assert.match(cardText(card), /changed since this card was drawn/);
        assert.deepEqual(await stored(), before);
      });

      it('resolves with a note and tells the requester at once', async () => {
        const card = invokeCard(
          await press(hd, owner, 'ticket.resolve', ticketId, {
            note: 'Repaired the Office install',
          }),
        );
        assert.match(cardText(card), /Resolved/);
        assert.equal((await stored())?.resolution, 'Repaired the Office install');
        await waitFor('the resolution in the personal chat', () =>
          toRequester().find((t) => t.includes('Repaired the Office install')),
        );
      });

      it('lets the requester reopen a resolved ticket by typing', async () => {
        await post(
          hd.helpdesk.url,
          hd.teams.personalMessage(requester, `reopen ${ticketId} still crashing`),
        );
        await waitFor('the reopened state', async () => (await stored())?.state === 'in_progress');
        await waitFor('the reopen in the thread', () =>
          thread().find((t) => t.includes('still crashing')),
        );
      });

      it('lets the requester say it works now', async () => {
        await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'it works now'));
        await waitFor('the resolved state', async () => (await stored())?.state === 'resolved');
      });

      it('closes a resolved ticket, and a tier lead may do it for the owner', async () => {
        invokeCard(await press(hd, lead, 'ticket.close', ticketId));
        assert.equal((await stored())?.state, 'closed');
        await waitFor('the closing notice to the requester', () =>
          toRequester().find((t) => t.includes(`${ticketId} is closed`)),
        );
      });

      it('shows the full audit trail on History', async () => {
        const card = invokeCard(await press(hd, other, 'ticket.history', ticketId));
        const text = cardText(card);
        assert.match(text, new RegExp(`History of ${ticketId}`));
        assert.match(text, /closed/);
        assert.match(
          card.actions ? JSON.stringify(card.actions) : '',
          /Older/,
          'a long history pages',
        );
      });
    });

    describe('escalating, assigning and releasing', () => {
      let hd: Running;
      before(async () => {
        hd = await runHelpdeskOn(store);
        for (const member of [owner, other]) hd.connector.addMember(TEAM_ID, member);
        await post(hd.helpdesk.url, hd.teams.installedInTeam(owner));
        // The assignee's chat with the bot, where notifications land when Graph is not set up.
        await post(hd.helpdesk.url, hd.teams.personalMessage(other, 'hello'));
      });
      after(() => hd.stop());

      it("escalates to the next tier with a reason: out of the owner's hands, announced in the thread", async () => {
        const { ticketId, cardId } = await openTicket(
          hd,
          requester,
          'Need access to the finance share',
        );
        await press(hd, owner, 'ticket.claim', ticketId);
        const tier = (await hd.helpdesk.store.getTicket(TENANT, ticketId))!.tier;
        const card = invokeCard(
          await press(hd, owner, 'ticket.escalate', ticketId, {
            note: 'Needs a file server change',
          }),
        );
        const after = (await hd.helpdesk.store.getTicket(TENANT, ticketId))!;
        assert.equal(after.tier, tier === 'L1' ? 'L2' : 'L3');
        assert.equal(after.owner, undefined);
        assert.equal(after.state, 'triaged');
        assert.match(cardText(card), /Owner\nNobody yet/);
        await waitFor('the escalation in the thread', () =>
          hd.connector
            .sent(`${TEAM_ID};messageid=${cardId}`)
            .find((r) => String(r.body.text).includes('Needs a file server change')),
        );
      });

      it('assigns to a technician picked by Entra id, and refuses someone outside the team', async () => {
        const { ticketId } = await openTicket(hd, requester, 'New starter needs a laptop');
        invokeCard(
          await press(hd, owner, 'ticket.assign', ticketId, { assignee: other.aadObjectId }),
        );
        assert.equal((await hd.helpdesk.store.getTicket(TENANT, ticketId))?.owner?.id, other.id);
        // Without Graph configured, the activity feed notification comes as a bot message.
        await waitFor('the assignee told', () =>
          hd.connector
            .sent(`a:personal-${other.id}`)
            .find((r) => JSON.stringify(r.body).includes(`${ticketId} was assigned to you`)),
        );
        const refused = invokeCard(
          await press(hd, owner, 'ticket.assign', ticketId, { assignee: 'aad-stranger' }),
        );
        assert.match(cardText(refused), /not a member of the support team/);
      });

      it('lets the owner release a ticket back to the queue', async () => {
        const { ticketId } = await openTicket(hd, requester, 'Monitor flickers');
        await press(hd, owner, 'ticket.claim', ticketId);
        invokeCard(await press(hd, owner, 'ticket.release', ticketId));
        const t = await hd.helpdesk.store.getTicket(TENANT, ticketId);
        assert.equal(t?.state, 'triaged');
        assert.equal(t?.owner, undefined);
      });
    });

    describe('queues in the channel', () => {
      let hd: Running;
      before(async () => {
        hd = await runHelpdeskOn(store);
        hd.connector.addMember(TEAM_ID, owner);
        await post(hd.helpdesk.url, hd.teams.installedInTeam(owner));
        for (let i = 0; i < 12; i++)
          await openTicket(hd, requester, `Printer ${i} is out of toner`);
      });
      after(() => hd.stop());

      async function channelCommand(text: string, who = owner) {
        const before = hd.connector.sent(CHANNEL_THREAD).length;
        await post(hd.helpdesk.url, hd.teams.channelMessage(who, text));
        return waitFor(`the answer to ${text}`, () => hd.connector.sent(CHANNEL_THREAD)[before]);
      }

      it('lists unassigned tickets a page at a time with a More button', async () => {
        const reply = await channelCommand('unassigned');
        const card = cardOf(reply.body)!;
        const ids = cardText(card).match(/HD-\d+/g) ?? [];
        assert.equal(ids.length, 10);
        const more = (card.actions as { verb: string; data: Record<string, unknown> }[]).find(
          (a) => a.verb === 'queue.more',
        );
        assert.ok(more, 'a More action');
        const next = invokeCard(
          await post(hd.helpdesk.url, hd.teams.action('channel', owner, 'queue.more', more.data)),
        );
        const nextIds = cardText(next).match(/HD-\d+/g) ?? [];
        assert.equal(nextIds.length, 2);
        assert.equal(new Set([...ids, ...nextIds]).size, 12, 'no ticket twice, none missing');
      });

      it('lists the newest first on request, paging in the same order', async () => {
        const reply = await channelCommand('unassigned newest');
        const card = cardOf(reply.body)!;
        const numbers = (cardText(card).match(/HD-(\d+)/g) ?? []).map((id) => Number(id.slice(3)));
        assert.deepEqual(
          numbers,
          [...numbers].sort((a, b) => b - a),
        );
        assert.match(cardText(card), /newest first/);
        const more = (card.actions as { verb: string; data: Record<string, unknown> }[])[0];
        assert.equal(more.data.order, 'newest');
      });

      it('refuses queues to people outside the support team', async () => {
        const reply = await channelCommand('my queue', other);
        assert.match(cardText(cardOf(reply.body)), /Queues are for members of the support team/);
      });
    });

    describe('two technicians acting on one ticket at the same moment', () => {
      let hd: Running;
      const techs = Array.from({ length: 12 }, (_, i) => user(`Tech ${i}`));
      before(async () => {
        hd = await runHelpdeskOn(store);
        for (const t of techs) hd.connector.addMember(TEAM_ID, t);
        await post(hd.helpdesk.url, hd.teams.installedInTeam(techs[0]));
      });
      after(() => hd.stop());

      for (let round = 1; round <= 3; round++) {
        it(`lets exactly one of twelve concurrent claims win over HTTP (round ${round})`, async () => {
          const { ticketId } = await openTicket(hd, requester, `VPN drops every hour (${round})`);
          const answers = await Promise.all(
            techs.map((t) => press(hd, t, 'ticket.claim', ticketId)),
          );
          const texts = answers.map((a) => cardText(invokeCard(a)));
          const winners = texts.filter((t) => !/already claimed/.test(t));
          assert.equal(winners.length, 1);
          const owner = (await hd.helpdesk.store.getTicket(TENANT, ticketId))?.owner;
          const events = await hd.helpdesk.store.listEvents(TENANT, ticketId);
          assert.equal(
            events.filter((e) => e.type === 'owner').length,
            1,
            'one owner change recorded',
          );
          assert.ok(owner);
        });
      }

      it("decides resolve against the requester's reply: exactly one applies", async () => {
        const { ticketId } = await openTicket(hd, requester, 'Teams calls drop');
        await press(hd, techs[3], 'ticket.claim', ticketId);
        await press(hd, techs[3], 'ticket.ask', ticketId, { note: 'Which headset?' });
        const before = (await hd.helpdesk.store.listEvents(TENANT, ticketId)).length;
        await Promise.all([
          press(hd, techs[3], 'ticket.resolve', ticketId, { note: 'Updated the driver' }),
          post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'The Jabra one')),
        ]);
        const events = (await hd.helpdesk.store.listEvents(TENANT, ticketId)).slice(before);
        const moves = events.filter((e) => e.type === 'state' && e.from === 'waiting_on_requester');
        assert.equal(moves.length, 1, `one move out of waiting: ${JSON.stringify(moves)}`);
      });

      it('decides claim against escalate: exactly one wins, the other sees the current ticket', async () => {
        // A printer fault triages to L1, so escalating it is a real move.
        const { ticketId } = await openTicket(
          hd,
          requester,
          'The printer on level 3 is out of toner',
        );
        assert.equal((await hd.helpdesk.store.getTicket(TENANT, ticketId))?.tier, 'L1');
        const [claim, escalate] = await Promise.all([
          press(hd, techs[1], 'ticket.claim', ticketId),
          press(hd, techs[2], 'ticket.escalate', ticketId, { note: 'Storage team' }),
        ]);
        const texts = [claim, escalate].map((a) => cardText(invokeCard(a)));
        const t = (await hd.helpdesk.store.getTicket(TENANT, ticketId))!;
        const events = await hd.helpdesk.store.listEvents(TENANT, ticketId);
        const applied = events.filter((e) => e.type === 'owner' || e.type === 'escalation').length;
        assert.equal(applied, 1, `one change applied: ${texts.join(' | ')}`);
        assert.equal(revisionOf(t), 2);
        assert.equal(
          texts.filter((x) => /changed since this card was drawn|already claimed/.test(x)).length,
          1,
          texts.join(' | '),
        );
      });
    });
  });
}
