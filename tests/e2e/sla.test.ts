import assert from 'node:assert/strict';
import path from 'node:path';
import { startHelpdesk } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { Ticket } from '../../src/tickets/types.js';
import { FakeClock } from '../support/clock.js';
import { waitFor } from '../support/connector.js';
import { runHelpdesk, type Running } from '../support/harness.js';
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

const requester = user('Sid Sufferer');
const technician = user('Tara Technician');
const lead = user('Lou Lead');
const SCHEDULE = path.join(__dirname, '..', 'fixtures', 'oncall.json');
/** Wednesday 2 December 2026, 03:00 in Melbourne: the middle of the night for the requester. */
const NIGHT = '2026-12-01T16:00:00.000Z';

async function p1Ticket(
  hd: Running,
  text: string,
  priority = 'P1',
  category = 'network',
): Promise<Ticket> {
  const data = { intakeKey: `k-${text}`, text, priority, category };
  const card = invokeCard(
    await post(hd.helpdesk.url, hd.teams.action('personal', requester, 'ticket.create', data)),
  );
  const id = /\bHD-\d+\b/.exec(cardText(card))![0];
  return (await hd.helpdesk.store.getTicket(TENANT, id))!;
}

async function slaKeys(hd: Running, ticketId: string): Promise<string[]> {
  const events = await hd.helpdesk.store.listEvents(TENANT, ticketId);
  return events.filter((e) => e.type === 'sla').map((e) => e.to ?? '');
}

describe('service levels around the clock', () => {
  let hd: Running;
  let clock: FakeClock;

  beforeEach(async () => {
    clock = new FakeClock(NIGHT);
    hd = await runHelpdesk(
      {
        HELPDESK_ONCALL_FILE: SCHEDULE,
        HELPDESK_TIER_LEADS: lead.id,
        HELPDESK_SLA_MAX_SLEEP_MS: '3600000',
        HELPDESK_TIER_TAGS: 'L1=tag-l1,L2=tag-l2,L3=tag-l3',
      },
      { clock },
    );
    hd.connector.addMember(TEAM_ID, technician);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(technician));
    // The requester's chat with the bot, so proactive messages have somewhere to go.
    await post(hd.helpdesk.url, hd.teams.personalMessage(requester, 'hello'));
  });
  afterEach(() => hd.stop());

  it('keeps the P1 targets on the ticket: first response due 15 minutes after creation, at 3 AM', async () => {
    const ticket = await p1Ticket(hd, 'whole office lost internet');
    assert.equal(ticket.sla?.response.dueAt, '2026-12-01T16:15:00.000Z');
    assert.equal(ticket.sla?.resolution.dueAt, '2026-12-01T20:00:00.000Z');
  });

  it('suggests who to route a new ticket to: the on-call technician of its tier', async () => {
    const ticket = await p1Ticket(hd, 'wifi down on level 2');
    const posted = await waitFor('the ticket card', () =>
      hd.connector.sent(TEAM_ID).find((r) => cardText(cardOf(r.body)).includes(ticket.id)),
    );
    const name = { L1: 'Lena L1', L2: 'Omar L2', L3: 'Quinn L3' }[ticket.tier];
    assert.match(cardText(cardOf(posted.body)), new RegExp(`Suggested\\n${name} \\(on call\\)`));
  });

  it('pages the on-call technician of the tier at once for an unclaimed P1, once', async () => {
    const ticket = await p1Ticket(hd, 'core switch down');
    await hd.helpdesk.scheduler.runDue();
    await hd.helpdesk.scheduler.runDue();
    assert.deepEqual(await slaKeys(hd, ticket.id), ['unclaimed:page']);
    hd.helpdesk.outbox.kick();
    const page = await waitFor('the on-call mention in the channel', () =>
      hd.connector.sent().find((r) => String(r.body.text).includes('needs you')),
    );
    const mentioned = (page.body.entities as { mentioned: { id: string; type?: string } }[]).map(
      (e) => e.mentioned,
    );
    const onCallId = { L1: '29:lena-l1', L2: '29:omar-l2', L3: '29:quinn-l3' }[ticket.tier];
    const tagId = { L1: 'tag-l1', L2: 'tag-l2', L3: 'tag-l3' }[ticket.tier];
    assert.deepEqual(
      mentioned.map((m) => [m.id, m.type ?? 'person']),
      [
        [onCallId, 'person'],
        [tagId, 'tag'],
      ],
    );
  });

  it('fires each warning level exactly once as the clock runs, then escalates on breach', async () => {
    // A P2 printer fault sits below the last tier, so its breach has somewhere to go.
    const ticket = await p1Ticket(hd, 'the only label printer is down', 'P2', 'printing');
    assert.notEqual(ticket.tier, 'L3');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.claim', { ticketId: ticket.id }),
    );
    const steps: [number, string[]][] = [
      [14, []],
      [1, ['response:50']],
      [6, ['response:50']],
      [2, ['response:50', 'response:75']],
      [8, ['response:50', 'response:75', 'response:100']],
      [10, ['response:50', 'response:75', 'response:100']],
    ];
    for (const [minutes, expected] of steps) {
      clock.advance(minutes);
      await hd.helpdesk.scheduler.runDue();
      const keys = (await slaKeys(hd, ticket.id)).filter((k) => k.startsWith('response'));
      assert.deepEqual(keys, expected, `after ${minutes} more minutes`);
    }
    const after = (await hd.helpdesk.store.getTicket(TENANT, ticket.id))!;
    assert.equal(
      after.tier,
      { L1: 'L2', L2: 'L3', L3: 'none' }[ticket.tier],
      'escalated on breach',
    );
  });

  it('stops the response clock at the first message to the requester and freezes its figures', async () => {
    const ticket = await p1Ticket(hd, 'email server down');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.claim', { ticketId: ticket.id }),
    );
    clock.advance(10);
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.ask', {
        ticketId: ticket.id,
        note: 'Since when?',
      }),
    );
    const after = (await hd.helpdesk.store.getTicket(TENANT, ticket.id))!;
    assert.equal(after.sla?.response.state, 'met');
    assert.equal(after.sla?.response.elapsedMs, 10 * 60_000);
    assert.equal(
      after.sla?.resolution.state,
      'paused',
      'waiting on the requester pauses resolution',
    );
  });

  it('sends the requester a regular update on a long-running ticket, once per interval', async () => {
    const ticket = await p1Ticket(hd, 'door badge readers offline', 'P3', 'hardware');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.claim', { ticketId: ticket.id }),
    );
    const updates = async () =>
      (await slaKeys(hd, ticket.id)).filter((k) => k.startsWith('update@'));
    clock.advance(23 * 60);
    await hd.helpdesk.scheduler.runDue();
    assert.equal((await updates()).length, 0, 'not before a day (P3)');
    clock.advance(61);
    await hd.helpdesk.scheduler.runDue();
    await hd.helpdesk.scheduler.runDue();
    assert.equal((await updates()).length, 1);
    hd.helpdesk.outbox.kick();
    await waitFor('the update in the personal chat', () =>
      hd.connector
        .sent(`a:personal-${requester.id}`)
        .find((r) => cardText(cardOf(r.body)).includes(`${ticket.id} is still open`)),
    );
    clock.advance(24 * 60);
    await hd.helpdesk.scheduler.runDue();
    assert.equal((await updates()).length, 2, 'again a day later');
  });

  it("alerts the next tier's on-call technician when a ticket is escalated by hand", async () => {
    const omar = { id: '29:omar-l2', name: 'Omar L2', aadObjectId: 'aad-omar' };
    await post(hd.helpdesk.url, hd.teams.personalMessage(omar, 'hello'));
    const ticket = await p1Ticket(hd, 'label printer jams', 'P3', 'printing');
    assert.equal(ticket.tier, 'L1');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.escalate', {
        ticketId: ticket.id,
        note: 'Needs a new fuser',
      }),
    );
    await waitFor("the L2 on-call's alert", () =>
      hd.connector
        .sent(`a:personal-${omar.id}`)
        .find((r) => JSON.stringify(r.body).includes(`${ticket.id} was escalated to L2`)),
    );
  });

  it('lets only one of two schedulers fire a level', async () => {
    const ticket = await p1Ticket(hd, 'file server down');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.claim', { ticketId: ticket.id }),
    );
    clock.advance(8);
    await Promise.all([hd.helpdesk.scheduler.runDue(), hd.helpdesk.scheduler.runDue()]);
    assert.deepEqual(
      (await slaKeys(hd, ticket.id)).filter((k) => k.startsWith('response')),
      ['response:50'],
    );
  });

  it('fires on restart what became due while it was down, once', async () => {
    const ticket = await p1Ticket(hd, 'payroll system down');
    await post(
      hd.helpdesk.url,
      hd.teams.action('channel', technician, 'ticket.claim', { ticketId: ticket.id }),
    );
    await hd.helpdesk.close();
    clock.advance(12);
    const config = loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      HELPDESK_DATA_DIR: hd.dataDir,
      HELPDESK_ONCALL_FILE: SCHEDULE,
      HELPDESK_SLA_MAX_SLEEP_MS: '3600000',
    });
    const restarted = await startHelpdesk(config, { clock });
    try {
      const fired = async () =>
        (await restarted.store.listEvents(TENANT, ticket.id))
          .filter((e) => e.type === 'sla' && e.to?.startsWith('response'))
          .map((e) => e.to);
      await waitFor('the catch-up on start', async () => (await fired()).length >= 2);
      await restarted.scheduler.runDue();
      assert.deepEqual(await fired(), ['response:50', 'response:75']);
    } finally {
      await restarted.close();
      // The harness's stop closes the first instance again; give it one that is already closed.
      hd = { ...hd, helpdesk: { ...hd.helpdesk, close: async () => undefined } };
    }
  });
});

describe('the on-call rota from the channel', () => {
  let hd: Running;
  const admin = user('Ada Admin');
  const omar = { id: '29:omar-l2', name: 'Omar L2' };
  const pia = { id: '29:pia-l2', name: 'Pia L2' };

  before(async () => {
    hd = await runHelpdesk({ HELPDESK_ONCALL_FILE: SCHEDULE, HELPDESK_ADMINS: admin.id });
    hd.connector.addMember(TEAM_ID, technician);
    hd.connector.addMember(TEAM_ID, admin);
    await post(hd.helpdesk.url, hd.teams.installedInTeam(admin));
  });
  after(() => hd.stop());

  async function say(
    who: typeof admin,
    text: string,
    mentions: { id: string; name: string }[] = [],
  ) {
    const before = hd.connector.sent(CHANNEL_THREAD).length;
    const entities = mentions.map((m) => ({
      type: 'mention',
      text: `<at>${m.name}</at>`,
      mentioned: m,
    }));
    await post(hd.helpdesk.url, { ...hd.teams.channelMessage(who, text), entities });
    const reply = await waitFor(
      `the answer to ${text}`,
      () => hd.connector.sent(CHANNEL_THREAD)[before],
    );
    return cardText(cardOf(reply.body));
  }

  it('shows who is on call for each tier now', async () => {
    const text = await say(technician, 'oncall');
    assert.match(text, /L1: Lena L1 until/);
    assert.match(text, /L2: (Omar|Pia) L2 until/);
    assert.match(text, /L3: Quinn L3 until/);
  });

  it('lets an admin put someone on call for a few hours, named by @mention', async () => {
    const current = /L2: (\w+) L2/.exec(await say(technician, 'oncall'))![1];
    const other = current === 'Omar' ? pia : omar;
    const text = await say(admin, `oncall override L2 <at>${other.name}</at> 8h`, [other]);
    assert.match(text, new RegExp(`${other.name} is on call for L2 until`));
    assert.match(await say(technician, 'oncall'), new RegExp(`L2: ${other.name} until`));
  });

  it('refuses an override from someone who is not an admin', async () => {
    const text = await say(technician, 'oncall override L2 <at>Omar L2</at> 8h', [omar]);
    assert.match(text, /Only help desk admins/);
  });
});
