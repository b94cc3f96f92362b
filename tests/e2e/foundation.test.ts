import assert from 'node:assert/strict';
import { waitFor } from '../support/connector.js';
import { runHelpdesk, type Running } from '../support/harness.js';
import {
  TEAM_ID,
  TENANT,
  cardOf,
  cardText,
  invokeCard,
  post,
  user,
  verbsOf,
} from '../support/teams.js';

const requester = user('Erin Employee');
const techOne = user('Tara Technician');
const techTwo = user('Sam Second');
const outsider = user('Olly Outsider');
const personalConversation = (u: { id: string }) => `a:personal-${u.id}`;

describe('an employee reports a problem and a technician claims it', () => {
  let hd: Running;
  let proposal: Record<string, unknown>;
  let ticketId: string;
  let channelCardId: string;

  before(async () => {
    hd = await runHelpdesk();
    hd.connector.addMember(TEAM_ID, techOne);
    hd.connector.addMember(TEAM_ID, techTwo);
    const res = await post(hd.helpdesk.url, hd.teams.installedInTeam(techOne));
    assert.equal(res.status, 200);
  });

  after(() => hd.stop());

  it('greets the support team when it is installed there', async () => {
    const welcome = await waitFor('a welcome in the team', () => hd.connector.sent(TEAM_ID)[0]);
    assert.match(cardText(cardOf(welcome.body)), /Help desk is ready/);
  });

  it('answers a problem report with what it understood and a button to create the ticket', async () => {
    const res = await post(
      hd.helpdesk.url,
      hd.teams.personalMessage(requester, "my laptop won't connect to the VPN"),
    );
    assert.equal(res.status, 200);
    const reply = await waitFor(
      'the proposal card',
      () => hd.connector.sent(personalConversation(requester))[0],
    );
    proposal = cardOf(reply.body)!;
    assert.ok(proposal, 'the reply carries an Adaptive Card');
    assert.deepEqual(verbsOf(proposal), ['ticket.create', 'ticket.discard']);
    const text = cardText(proposal);
    assert.match(text, /VPN/);
    assert.match(text, /P[1-4]/);
    assert.match(text, /Support tier/);
    const inputs = (proposal.body as { type: string; id?: string }[]).filter(
      (e) => e.type === 'Input.ChoiceSet',
    );
    assert.deepEqual(
      inputs.map((i) => i.id),
      ['priority', 'category'],
    );
  });

  it('creates the ticket with the corrected priority and answers with its number', async () => {
    const create = (proposal.actions as { verb: string; data: Record<string, unknown> }[])[0];
    const res = await post(
      hd.helpdesk.url,
      hd.teams.action('personal', requester, 'ticket.create', {
        ...create.data,
        priority: 'P2',
        category: 'network',
      }),
    );
    const card = invokeCard(res);
    const match = /\b(HD-\d+)\b/.exec(cardText(card));
    assert.ok(match, 'the status card shows the ticket number');
    ticketId = match[1];
    const stored = await hd.helpdesk.store.getTicket(TENANT, ticketId);
    assert.equal(stored?.priority, 'P2');
    assert.equal(stored?.requester.id, requester.id);
    assert.equal(stored?.state, 'triaged');
    assert.ok(stored?.proposal.priority, 'the triage proposal is kept beside the final values');
  });

  it('posts the new ticket to the triage channel with a Claim button', async () => {
    const posted = await waitFor('the ticket in the channel', () =>
      hd.connector.sent(TEAM_ID).find((r) => cardText(cardOf(r.body)).includes(ticketId)),
    );
    const card = cardOf(posted.body)!;
    assert.deepEqual(verbsOf(card), ['ticket.claim']);
    assert.equal((card.actions as { data: { ticketId: string } }[])[0].data.ticketId, ticketId);
    assert.equal((card.refresh as { action: { verb: string } }).action.verb, 'ticket.refresh');
    const item = await hd.helpdesk.store.getItem<{ activityId: string }>(
      'ticket-card',
      `${TENANT}/${ticketId}`,
    );
    channelCardId = item!.value.activityId;
  });

  it('lets a technician claim: the card changes for everyone and the requester hears who has it', async () => {
    const res = await post(
      hd.helpdesk.url,
      hd.teams.action('channel', techOne, 'ticket.claim', { ticketId }, channelCardId),
    );
    const card = invokeCard(res);
    assert.match(cardText(card), new RegExp(techOne.name));
    assert.deepEqual(verbsOf(card), [], 'an owned ticket offers no Claim');

    const update = await waitFor('the channel card redrawn for everyone', () =>
      hd.connector.updates().find((u) => u.activityId === channelCardId),
    );
    assert.match(cardText(cardOf(update.body)), new RegExp(`Owner\\n${techOne.name}`));

    const told = await waitFor('the requester told', () =>
      hd.connector
        .sent(personalConversation(requester))
        .find((r) => String(r.body.text).includes(techOne.name)),
    );
    assert.match(String(told.body.text), new RegExp(ticketId));
    const stored = await hd.helpdesk.store.getTicket(TENANT, ticketId);
    assert.equal(stored?.owner?.id, techOne.id);
    assert.equal(stored?.state, 'assigned');
  });

  it('tells a second technician who already owns the ticket and changes nothing', async () => {
    const before = await hd.helpdesk.store.getTicket(TENANT, ticketId);
    const res = await post(
      hd.helpdesk.url,
      hd.teams.action('channel', techTwo, 'ticket.claim', { ticketId }),
    );
    const card = invokeCard(res);
    assert.match(cardText(card), new RegExp(`${techOne.name} already claimed this ticket`));
    assert.equal(card.refresh, undefined, 'the note is shown to the second technician only');
    const after = await hd.helpdesk.store.getTicket(TENANT, ticketId);
    assert.deepEqual(after, before);
  });

  it('refuses a claim from someone outside the support team', async () => {
    const before = await hd.helpdesk.store.getTicket(TENANT, ticketId);
    const res = await post(
      hd.helpdesk.url,
      hd.teams.action('channel', outsider, 'ticket.claim', { ticketId }),
    );
    assert.match(cardText(invokeCard(res)), /Only members of the support team/);
    assert.deepEqual(await hd.helpdesk.store.getTicket(TENANT, ticketId), before);
  });

  it("lists the employee's tickets with their state on `my tickets`", async () => {
    const sentBefore = hd.connector.sent(personalConversation(requester)).length;
    await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'my tickets'));
    const list = await waitFor(
      'the ticket list',
      () => hd.connector.sent(personalConversation(requester))[sentBefore],
    );
    const text = cardText(cardOf(list.body));
    assert.match(text, new RegExp(ticketId));
    assert.match(text, /Assigned/);
  });

  it('answers a greeting with what it can do, not with a ticket proposal', async () => {
    const sentBefore = hd.connector.sent(personalConversation(requester)).length;
    await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'Hello!'));
    const reply = await waitFor(
      'the answer',
      () => hd.connector.sent(personalConversation(requester))[sentBefore],
    );
    const card = cardOf(reply.body)!;
    assert.match(cardText(card), /own words/);
    assert.deepEqual(verbsOf(card), []);
  });

  it('says what it can do on `help`', async () => {
    const sentBefore = hd.connector.sent(personalConversation(requester)).length;
    await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'help'));
    const reply = await waitFor(
      'the help card',
      () => hd.connector.sent(personalConversation(requester))[sentBefore],
    );
    const text = cardText(cardOf(reply.body));
    assert.match(text, /my tickets/);
    assert.match(text, /own words/);
  });
});

describe('when Teams delivers the same thing twice', () => {
  let hd: Running;
  before(async () => {
    hd = await runHelpdesk();
  });
  after(() => hd.stop());

  it('answers a redelivered message once', async () => {
    const message = hd.teams.personalMessage(requester, 'printer on floor 3 is jammed');
    await post(hd.helpdesk.url, message);
    await post(hd.helpdesk.url, message);
    await waitFor('the proposal', () => hd.connector.sent(personalConversation(requester))[0]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(hd.connector.sent(personalConversation(requester)).length, 1);
  });

  it('creates one ticket for a confirmation pressed twice', async () => {
    const data = { intakeKey: 'activity-42', text: 'Outlook keeps asking for my password' };
    const first = invokeCard(
      await post(hd.helpdesk.url, hd.teams.action('personal', requester, 'ticket.create', data)),
    );
    const second = invokeCard(
      await post(hd.helpdesk.url, hd.teams.action('personal', requester, 'ticket.create', data)),
    );
    const idOf = (card: Record<string, unknown>) => /\bHD-\d+\b/.exec(cardText(card))?.[0];
    assert.equal(idOf(second), idOf(first));
    assert.match(cardText(second), /already created/);
    const page = await hd.helpdesk.store.listTickets({
      tenantId: TENANT,
      requesterId: requester.id,
      order: 'newest',
      limit: 10,
    });
    assert.equal(page.items.length, 1);
  });
});

describe('bad input', () => {
  let hd: Running;
  before(async () => {
    hd = await runHelpdesk();
  });
  after(() => hd.stop());

  it('answers a body that is not JSON with 400 and a code, and keeps serving', async () => {
    const res = await post(hd.helpdesk.url, '{"type": "message", ');
    assert.equal(res.status, 400);
    assert.equal(res.body?.code, 'bad_request');
    assert.doesNotMatch(JSON.stringify(res.body), /at .*\.js:\d+/, 'no stack trace');
    const health = await fetch(`${hd.helpdesk.url}/healthz`);
    assert.equal(health.status, 200);
  });

  it('answers JSON that is not an activity with 400', async () => {
    const res = await post(hd.helpdesk.url, '[1, 2, 3]');
    assert.equal(res.status, 400);
  });

  it('answers a card with a made-up priority with a friendly card and stores nothing', async () => {
    const data = { intakeKey: 'x1', text: 'mouse broken', priority: 'P0' };
    const card = invokeCard(
      await post(hd.helpdesk.url, hd.teams.action('personal', requester, 'ticket.create', data)),
    );
    assert.match(cardText(card), /'P0' is not a priority/);
    assert.match(cardText(card), /bad_request/);
    const page = await hd.helpdesk.store.listTickets({
      tenantId: TENANT,
      order: 'newest',
      limit: 10,
    });
    assert.equal(page.items.length, 0);
  });

  it('answers a claim for a ticket that does not exist with a friendly card', async () => {
    hd.connector.addMember(TEAM_ID, techOne);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(techOne));
    const card = invokeCard(
      await post(
        hd.helpdesk.url,
        hd.teams.action('channel', techOne, 'ticket.claim', { ticketId: 'HD-999999' }),
      ),
    );
    assert.match(cardText(card), /HD-999999 does not exist/);
  });

  it('reports its store on /healthz', async () => {
    const res = await fetch(`${hd.helpdesk.url}/healthz`);
    assert.deepEqual(await res.json(), { status: 'ok', store: 'sqlite', mode: 'local' });
  });
});

describe('with a bot app id configured', () => {
  let hd: Running;
  before(async () => {
    hd = await runHelpdesk({
      BOT_ID: '00000000-0000-0000-0000-000000000001',
      BOT_PASSWORD: 'not-a-real-secret',
    });
  });
  after(() => hd.stop());

  it('refuses an activity without a Bot Framework token with 401 and does nothing', async () => {
    const res = await post(
      hd.helpdesk.url,
      hd.teams.personalMessage(requester, 'my mouse is broken'),
    );
    assert.equal(res.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(hd.connector.requests.length, 0);
  });

  it('refuses a forged token with 401', async () => {
    const res = await fetch(`${hd.helpdesk.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged.token.value' },
      body: JSON.stringify(hd.teams.personalMessage(requester, 'my mouse is broken')),
    });
    assert.equal(res.status, 401);
  });

  it('says on /healthz that it runs authenticated', async () => {
    const res = await fetch(`${hd.helpdesk.url}/healthz`);
    assert.equal(((await res.json()) as { mode: string }).mode, 'authenticated');
  });
});
