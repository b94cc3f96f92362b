import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHelpdesk, type Helpdesk } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { FakeConnector, waitFor } from '../support/connector.js';
import { startCosmosForHelpdesk, type LocalCosmos } from '../support/cosmos-server.js';
import { openTicket, press } from '../support/flows.js';
import { runHelpdesk, type Running } from '../support/harness.js';
import {
  TEAM_ID,
  TENANT,
  TeamsActivities,
  cardOf,
  cardText,
  invokeCard,
  post,
  user,
} from '../support/teams.js';

const requester = user('Erin Employee');
const techOne = user('Tara Technician');
const techTwo = user('Sam Second');
const personalChat = `a:personal-${requester.id}`;
/** Deliveries go through two outbox workers on a shared, sometimes busy, test machine. */
const PATIENCE_MS = 15_000;

/**
 * Two bot processes behind one endpoint, as on Azure: each has its own HTTP server, outbox
 * worker and Cosmos client, and they share nothing but the Cosmos database and the connector.
 */
describe('two bot instances sharing one Cosmos DB', function () {
  this.timeout(30_000);
  let cosmos: LocalCosmos;
  let connector: FakeConnector;
  let teams: TeamsActivities;
  let dataDir: string;
  let one: Helpdesk;
  let two: Helpdesk;

  before(async () => {
    let env: Record<string, string>;
    ({ cosmos, env } = await startCosmosForHelpdesk());
    connector = await new FakeConnector().start();
    connector.addMember(TEAM_ID, techOne);
    connector.addMember(TEAM_ID, techTwo);
    teams = new TeamsActivities(connector.url);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-two-'));
    const config = loadConfig({
      PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      HELPDESK_DATA_DIR: dataDir,
      HELPDESK_OUTBOX_POLL_MS: '50',
      ...env,
    });
    one = await startHelpdesk(config);
    two = await startHelpdesk(config);
    assert.equal((await post(one.url, teams.installedInTeam(techOne))).status, 200);
  });

  after(async () => {
    await one?.close();
    await two?.close();
    await connector?.stop();
    await cosmos?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Reports a problem through `via` and confirms it, returning the new ticket's id. */
  async function report(via: Helpdesk, text: string): Promise<string> {
    const before = connector.sent(personalChat).length;
    await post(via.url, teams.personalMessage(requester, text));
    // A typing indicator may come first; the proposal is the first card after the message.
    const proposal = await waitFor(
      'the proposal',
      () =>
        connector
          .sent(personalChat)
          .slice(before)
          .map((r) => cardOf(r.body))
          .find(Boolean),
      PATIENCE_MS,
    );
    const create = (proposal.actions as { data: Record<string, unknown> }[])[0];
    const card = invokeCard(
      await post(via.url, teams.action('personal', requester, 'ticket.create', create.data)),
    );
    const id = /\b(HD-\d+)\b/.exec(cardText(card))?.[1];
    assert.ok(id, 'the answer names the new ticket');
    return id;
  }

  const postedToChannel = (ticketId: string) =>
    connector.sent(TEAM_ID).filter((r) => cardText(cardOf(r.body)).includes(ticketId));
  /** Messages telling the requester which technician has their ticket. */
  const toldRequester = (ticketId: string) =>
    connector.sent(personalChat).filter((r) => {
      const text = String(r.body.text ?? '');
      return text.includes(ticketId) && [techOne, techTwo].some((t) => text.includes(t.name));
    });

  it('claims through one instance a ticket created through the other', async () => {
    const ticketId = await report(one, "my laptop won't connect to the VPN");
    const card = invokeCard(
      await post(two.url, teams.action('channel', techTwo, 'ticket.claim', { ticketId })),
    );
    assert.match(cardText(card), new RegExp(techTwo.name));
    const stored = await one.store.getTicket(TENANT, ticketId);
    assert.equal(stored?.owner?.id, techTwo.id);
    assert.equal(stored?.state, 'assigned');
    await waitFor('the requester told', () => toldRequester(ticketId)[0], PATIENCE_MS);
  });

  it('lets exactly one of two technicians claiming at once through both instances win', async () => {
    for (const text of ['printer on floor 3 is jammed', 'Outlook keeps asking for my password']) {
      const ticketId = await report(two, text);
      const [a, b] = await Promise.all([
        post(one.url, teams.action('channel', techOne, 'ticket.claim', { ticketId })),
        post(two.url, teams.action('channel', techTwo, 'ticket.claim', { ticketId })),
      ]);
      assert.deepEqual([a.status, b.status], [200, 200]);

      const stored = await two.store.getTicket(TENANT, ticketId);
      const winner = [techOne, techTwo].find((t) => t.id === stored?.owner?.id);
      assert.ok(winner, 'one of them owns the ticket');
      const loserCard = cardText(invokeCard(winner === techOne ? b : a));
      assert.match(loserCard, new RegExp(`${winner.name} already claimed`));
      const history = await one.store.listEvents(TENANT, ticketId);
      assert.deepEqual(
        history.filter((e) => e.type === 'owner').map((e) => e.to),
        [winner.name],
        'the history records one claim',
      );
      await waitFor('the requester told', () => toldRequester(ticketId)[0], PATIENCE_MS);
    }
  });

  it('sends each notification once although both instances deliver the outbox', async () => {
    for (const id of ['HD-1001', 'HD-1002', 'HD-1003']) {
      await waitFor(`${id} in the channel`, () => postedToChannel(id)[0], PATIENCE_MS);
    }
    // Both workers poll every 50 ms: a message handed out twice would show within this pause.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const id of ['HD-1001', 'HD-1002', 'HD-1003']) {
      assert.equal(postedToChannel(id).length, 1, `${id} posted to the channel once`);
      assert.equal(toldRequester(id).length, 1, `the requester told once about ${id}`);
    }
  });

  it('answers a message redelivered to the other instance once', async () => {
    const before = connector.sent(personalChat).length;
    const message = teams.personalMessage(requester, 'the projector in room 4 shows no signal');
    await post(one.url, message);
    await post(two.url, message);
    const cards = () =>
      connector
        .sent(personalChat)
        .slice(before)
        .filter((r) => cardOf(r.body));
    await waitFor('the proposal', () => cards()[0], PATIENCE_MS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(cards().length, 1);
  });
});

/**
 * The technician-workflow races (tests/e2e/technician-day.test.ts) with the help desk on Cosmos:
 * the store's ETag checks, not the process, must pick the one winner.
 */
describe('technicians racing on one ticket, with the help desk on Cosmos DB', function () {
  this.timeout(30_000);
  let cosmos: LocalCosmos;
  let hd: Running;
  const techs = Array.from({ length: 12 }, (_, i) => user(`Tech ${i}`));

  before(async () => {
    let env: Record<string, string>;
    ({ cosmos, env } = await startCosmosForHelpdesk());
    hd = await runHelpdesk(env);
    assert.equal(hd.helpdesk.store.kind, 'cosmos');
    for (const t of techs) hd.connector.addMember(TEAM_ID, t);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(techs[0]));
  });
  after(async () => {
    await hd?.stop();
    await cosmos?.stop();
  });

  for (let round = 1; round <= 2; round++) {
    it(`lets exactly one of twelve concurrent claims win (round ${round})`, async () => {
      const { ticketId } = await openTicket(hd, requester, `VPN drops every hour (${round})`);
      const answers = await Promise.all(techs.map((t) => press(hd, t, 'ticket.claim', ticketId)));
      const texts = answers.map((a) => cardText(invokeCard(a)));
      assert.equal(texts.filter((t) => !/already claimed/.test(t)).length, 1);
      const events = await hd.helpdesk.store.listEvents(TENANT, ticketId);
      assert.equal(events.filter((e) => e.type === 'owner').length, 1, 'one owner change');
      assert.ok((await hd.helpdesk.store.getTicket(TENANT, ticketId))?.owner);
    });
  }

  it('decides claim against escalate: exactly one change applies', async () => {
    // Triage puts a jammed printer at L1, so the ticket can be escalated.
    const { ticketId } = await openTicket(hd, requester, 'printer on floor 2 is jammed');
    const answers = await Promise.all([
      press(hd, techs[1], 'ticket.claim', ticketId),
      press(hd, techs[2], 'ticket.escalate', ticketId, { note: 'Needs a field visit' }),
    ]);
    const lost = answers
      .map((a) => cardText(invokeCard(a)))
      .filter((t) => /changed since this card was drawn|already claimed/.test(t));
    assert.equal(lost.length, 1, 'the other was told it lost the race, not refused');
    const ticket = await hd.helpdesk.store.getTicket(TENANT, ticketId);
    const events = await hd.helpdesk.store.listEvents(TENANT, ticketId);
    const applied = events.filter((e) => e.type === 'owner' || e.type === 'escalation');
    assert.equal(applied.length, 1, 'one change applied');
    assert.equal(ticket?.version, 2);
  });
});
