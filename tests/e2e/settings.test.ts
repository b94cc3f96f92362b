import assert from 'node:assert/strict';
import { waitFor } from '../support/connector.js';
import { openTicket } from '../support/flows.js';
import { runHelpdesk, type Running } from '../support/harness.js';
import { CHANNEL_THREAD, TEAM_ID, TENANT, cardOf, cardText, post, user } from '../support/teams.js';

const admin = user('Ada Admin');
const technician = user('Tom Technician');
const requester = user('Rae Requester');
const ESCALATIONS = '19:escalations@thread.tacv2';

describe('an admin configures the help desk from the Teams app', () => {
  let hd: Running;

  before(async () => {
    hd = await runHelpdesk({ HELPDESK_ADMINS: admin.aadObjectId });
    hd.connector.addMember(TEAM_ID, admin);
    hd.connector.addMember(TEAM_ID, technician);
    hd.connector.channels.set(TEAM_ID, [{ id: TEAM_ID }, { id: ESCALATIONS, name: 'Escalations' }]);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(admin));
  });
  after(() => hd.stop());

  const configInvoke = (who: typeof admin, name: 'config/fetch' | 'config/submit', data = {}) => {
    const base = hd.teams.channelMessage(who, '');
    return post(hd.helpdesk.url, {
      ...base,
      type: 'invoke',
      name,
      text: undefined,
      value: { data },
    });
  };
  const settings = async () =>
    (await hd.helpdesk.store.getItem<{ triageChannelId?: string }>('settings', TENANT))?.value;

  it("offers the admin a form listing the team's channels", async () => {
    const res = await configInvoke(admin, 'config/fetch');
    assert.equal(res.status, 200);
    const body = res.body as {
      responseType: string;
      config: { type: string; value: { card: { content: unknown } } };
    };
    assert.equal(body.responseType, 'config');
    assert.equal(body.config.type, 'continue');
    const text = cardText(body.config.value.card.content);
    assert.match(text, /General/);
    assert.match(text, /Escalations/);
  });

  it('refuses the form to someone who is not an admin, even a technician', async () => {
    const res = await configInvoke(technician, 'config/fetch');
    const body = res.body as { config: { type: string; value: string } };
    assert.equal(body.config.type, 'message');
    assert.match(body.config.value, /Only help desk admins/);
  });

  it('refuses a submit from a non-admin and changes nothing', async () => {
    const before = await settings();
    const res = await configInvoke(technician, 'config/submit', { triageChannelId: ESCALATIONS });
    assert.match((res.body as { config: { value: string } }).config.value, /Only help desk admins/);
    assert.deepEqual(await settings(), before);
  });

  it("refuses a channel that is not one of the team's", async () => {
    const res = await configInvoke(admin, 'config/submit', {
      triageChannelId: '19:elsewhere@thread.tacv2',
    });
    assert.match(
      (res.body as { config: { value: string } }).config.value,
      /Choose one of this team's channels/,
    );
    assert.equal((await settings())?.triageChannelId, TEAM_ID);
  });

  it('moves new tickets to the channel the admin chose', async () => {
    const res = await configInvoke(admin, 'config/submit', { triageChannelId: ESCALATIONS });
    assert.match((res.body as { config: { value: string } }).config.value, /Escalations/);
    const { ticketId } = await openTicket(hd, requester, 'Cannot print to the plotter');
    const posted = await waitFor('the ticket in the chosen channel', () =>
      hd.connector.sent(ESCALATIONS).find((r) => cardText(cardOf(r.body)).includes(ticketId)),
    );
    assert.ok(posted);
  });
});

describe('an admin sees the chats the bot can no longer reach', () => {
  let hd: Running;
  before(async () => {
    hd = await runHelpdesk({ HELPDESK_ADMINS: admin.id });
    hd.connector.addMember(TEAM_ID, admin);
    hd.connector.addMember(TEAM_ID, technician);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(admin));
  });
  after(() => hd.stop());

  async function channelSay(who: typeof admin, text: string): Promise<string> {
    const before = hd.connector.sent(CHANNEL_THREAD).length;
    await post(hd.helpdesk.url, hd.teams.channelMessage(who, text));
    const reply = await waitFor(
      `the answer to ${text}`,
      () => hd.connector.sent(CHANNEL_THREAD)[before],
    );
    return cardText(cardOf(reply.body));
  }

  it('lists a requester who removed the bot, with Teams’ reason', async () => {
    assert.match(await channelSay(admin, 'unreachable'), /Every chat the bot knows can be reached/);
    await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'hello'));
    hd.connector.block(`a:personal-${requester.id}`);
    const { ticketId } = await openTicket(hd, requester, 'Mouse is broken');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.claim', { ticketId }),
    );
    await waitFor('the chat marked unusable', async () =>
      /BotNotInConversationRoster/.test(await channelSay(admin, 'unreachable')),
    );
  });

  it('shows that list to admins only', async () => {
    assert.match(await channelSay(technician, 'unreachable'), /Only help desk admins/);
  });
});
