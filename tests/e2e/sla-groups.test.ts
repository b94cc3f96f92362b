import assert from 'node:assert/strict';
import path from 'node:path';
import type { Ticket } from '../../src/tickets/types.js';
import { FakeClock } from '../support/clock.js';
import { FakeCredential, FakeGraph } from '../support/graph.js';
import { runHelpdesk, type Running } from '../support/harness.js';
import { TENANT, cardText, invokeCard, post, user } from '../support/teams.js';

const ceo = user('Cleo Chief');
const clerk = user('Carl Clerk');
/** Wednesday 2 December 2026, 03:00 in Melbourne: outside business hours. */
const NIGHT = '2026-12-01T16:00:00.000Z';

describe('SLA policies chosen by the requester’s groups', () => {
  let hd: Running;
  let graph: FakeGraph;

  before(async () => {
    graph = await new FakeGraph().start();
    graph.groups.set(ceo.aadObjectId, [{ id: 'g-1', displayName: 'Executives' }]);
    hd = await runHelpdesk(
      {
        HELPDESK_SLA_FILE: path.join(__dirname, '..', 'fixtures', 'sla-vip.json'),
        GRAPH_AUTH: 'client-secret',
        GRAPH_CLIENT_ID: 'helpdesk-app',
        GRAPH_CLIENT_SECRET: 'not-a-secret',
        GRAPH_TENANT_ID: 'home-tenant',
        HELPDESK_GRAPH_BASE_URL: graph.url,
      },
      { clock: new FakeClock(NIGHT), graphCredential: new FakeCredential() },
    );
  });
  after(async () => {
    await hd.stop();
    await graph.stop();
  });

  async function report(who: typeof ceo, text: string): Promise<Ticket> {
    const data = { intakeKey: `k-${who.id}`, text, priority: 'P3', category: 'hardware' };
    const card = invokeCard(
      await post(hd.helpdesk.url, hd.teams.action('personal', who, 'ticket.create', data)),
    );
    const id = /\bHD-\d+\b/.exec(cardText(card))![0];
    return (await hd.helpdesk.store.getTicket(TENANT, id))!;
  }

  it("gives a member of Executives that group's policy: a P3 answered within 30 minutes, at night", async () => {
    const ticket = await report(ceo, 'my docking station is dead');
    assert.deepEqual(ticket.requesterGroups, ['g-1', 'Executives']);
    assert.equal(ticket.sla?.response.dueAt, '2026-12-01T16:30:00.000Z');
  });

  it('gives everyone else the default: a P3 due in business hours', async () => {
    const ticket = await report(clerk, 'my docking station is dead');
    assert.deepEqual(ticket.requesterGroups, []);
    // Four business hours from Wednesday 09:00 in Melbourne (22:00 UTC on Tuesday).
    assert.equal(ticket.sla?.response.dueAt, '2026-12-02T02:00:00.000Z');
  });

  it('asked Graph exactly as documented, and nothing was refused', () => {
    assert.deepEqual(graph.refused, []);
  });
});
