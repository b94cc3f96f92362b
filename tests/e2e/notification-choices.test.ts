import assert from 'node:assert/strict';
import { waitFor } from '../support/connector.js';
import { openTicket, press } from '../support/flows.js';
import { runHelpdesk, type Running } from '../support/harness.js';
import { TEAM_ID, cardOf, cardText, post, user } from '../support/teams.js';

const requester = user('Mia Muted');
const technician = user('Theo Tech');
const chat = `a:personal-${requester.id}`;

describe('choosing which notifications to get, from the chat', () => {
  let hd: Running;
  before(async () => {
    hd = await runHelpdesk();
    hd.connector.addMember(TEAM_ID, technician);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(technician));
  });
  after(() => hd.stop());

  async function say(text: string): Promise<string> {
    const before = hd.connector.sent(chat).length;
    await post(hd.helpdesk.url, hd.teams.personalMessage(requester, text));
    const reply = await waitFor(`the answer to ${text}`, () => hd.connector.sent(chat)[before]);
    return cardText(cardOf(reply.body));
  }

  it('mutes one kind for the person who asked, and lists it as muted', async () => {
    const text = await say('mute requester.claimed');
    assert.match(text, /requester\.claimed: muted/);
    assert.match(text, /requester\.resolved: on/);
  });

  it('then sends that person no claimed notice, but still the others', async () => {
    const { ticketId } = await openTicket(hd, requester, 'Keyboard keys stick');
    await press(hd, technician, 'ticket.claim', ticketId);
    await press(hd, technician, 'ticket.resolve', ticketId, { note: 'Replaced the keyboard' });
    await waitFor('the resolution notice', () =>
      hd.connector.sent(chat).find((r) => JSON.stringify(r.body).includes('Replaced the keyboard')),
    );
    const claimed = hd.connector
      .sent(chat)
      .filter((r) => JSON.stringify(r.body).includes('is working on your ticket'));
    assert.deepEqual(claimed, []);
  });

  it('answers a kind it does not know with the list, changing nothing', async () => {
    const text = await say('mute everything');
    assert.match(text, /everything/);
    assert.match(await say('notifications'), /requester\.claimed: muted/);
  });
});
