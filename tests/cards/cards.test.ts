import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  helpCard,
  noticeCard,
  proposalCard,
  settingsCard,
  ticketChannelCard,
  ticketHistoryCard,
  ticketListCard,
  ticketStatusCard,
  TEMPLATES,
  type Card,
} from '../../cards/index.js';
import type { Ticket } from '../../src/tickets/types.js';

// The lib/ build is ESM with extensionless imports; the UMD bundle loads under plain Node.
const AC = createRequire(__filename)('adaptivecards/dist/adaptivecards.js');

/** Parses a card as a client would and returns every problem the library reports. */
function problems(card: Card): string[] {
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const found: string[] = [];
  for (let i = 0; i < context.eventCount; i++) found.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents) found.push(event.message);
  return found;
}

const ticket: Ticket = {
  id: 'HD-1042',
  number: 1042,
  tenantId: 't',
  title: 'VPN will not connect',
  description: "My laptop won't connect to the VPN since this morning.",
  requester: { id: '29:erin', name: 'Erin' },
  owner: { id: '29:tara', name: 'Tara' },
  state: 'in_progress',
  priority: 'P2',
  category: 'network',
  tier: 'L2',
  reasons: ['network: "VPN"'],
  proposal: { priority: 'P3', category: 'network', tier: 'L1', reasons: [] },
  createdAt: '2026-12-03T09:15:00.000Z',
  updatedAt: '2026-12-03T09:20:00.000Z',
  version: 3,
  intakeKey: 'k',
};

const everything = {
  resolve: true,
  ask: true,
  escalate: true,
  assign: true,
  setPriority: true,
  setCategory: true,
  release: true,
  close: true,
  more: true,
};

/** Every card the bot can send, filled with realistic data, including each optional part. */
const CARDS: Record<string, Card> = {
  help: helpCard([{ name: 'help', description: 'This message.' }]),
  notice: noticeCard(
    'That did not work',
    'The card did not name a valid ticket.',
    'warning',
    'bad_request',
  ),
  proposal: proposalCard({
    intakeKey: 'a1',
    text: 'vpn broken',
    title: 'VPN broken',
    priority: 'P3',
    category: 'network',
    tier: 'L1',
    reasons: ['network: "vpn"'],
    categories: ['network', 'email'],
  }),
  'ticket-channel (technician, every action)': ticketChannelCard(ticket, {
    canClaim: true,
    refreshUserIds: ['29:tara'],
    can: everything,
    latest: ['Tara claimed it.'],
    categories: ['network', 'email'],
    notice: 'Someone else claimed it.',
    viewerChoice: { title: 'Me (Tara)', value: 'aad-tara' },
    suggested: ['Omar (on call)', 'Pia'],
  }),
  'ticket-channel (everyone)': ticketChannelCard(ticket, {
    canClaim: false,
    refreshUserIds: [],
    can: {},
    latest: [],
    categories: [],
  }),
  'ticket-status': ticketStatusCard(ticket, 'Ticket created', {
    can: { addInfo: true, reopen: true },
    latest: ['Erin reported the problem.'],
  }),
  'ticket-list': ticketListCard({
    heading: 'Your tickets',
    emptyText: 'None',
    tickets: [ticket],
    cursor: 'abc',
    moreVerb: 'tickets.mine.more',
  }),
  'ticket-list (empty)': ticketListCard({
    heading: 'Queue',
    emptyText: 'None',
    tickets: [],
    moreVerb: 'queue.more',
  }),
  settings: settingsCard({
    teamName: 'IT Support',
    triageChannelId: '19:general',
    channels: [
      { id: '19:general', name: 'General' },
      { id: '19:esc', name: 'Escalations' },
    ],
  }),
  'ticket-history': ticketHistoryCard(
    ticket,
    [{ text: 'Erin reported it.', who: 'Erin', when: 'now' }],
    '15',
  ),
};

describe('the Adaptive Cards the bot sends', () => {
  it('has a filled example here for every template', () => {
    const covered = new Set(Object.keys(CARDS).map((name) => name.split(' ')[0]));
    assert.deepEqual([...covered].sort(), Object.keys(TEMPLATES).sort());
  });

  for (const [name, card] of Object.entries(CARDS)) {
    it(`parses ${name} without a single validation event`, () => {
      assert.deepEqual(problems(card), []);
    });

    it(`leaves no template expression unfilled in ${name}`, () => {
      assert.doesNotMatch(JSON.stringify(card), /\$\{/);
    });

    it(`keeps ${name} within schema 1.5, the highest Teams renders`, () => {
      assert.equal(card.version, '1.5');
    });
  }

  it('catches a broken card (the check can fail)', () => {
    assert.notDeepEqual(
      problems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nope' }] }),
      [],
    );
  });

  it('gives every ticket action its ticketId and the version the card was drawn from', () => {
    const card = CARDS['ticket-channel (technician, every action)'];
    const executes: { verb: string; data: Record<string, unknown> }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.type === 'Action.Execute' && o.verb !== 'ticket.refresh') executes.push(o as never);
        Object.values(o).forEach(walk);
      }
    };
    walk(card.actions);
    assert.ok(executes.length >= 8);
    for (const action of executes) {
      assert.equal(action.data.ticketId, 'HD-1042', action.verb);
      assert.equal(action.data.version, 3, action.verb);
    }
  });
});
