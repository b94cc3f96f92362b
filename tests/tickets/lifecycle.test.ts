import assert from 'node:assert/strict';
import { nextState, requireNextState, type LifecycleAction } from '../../src/tickets/lifecycle.js';
import { TICKET_STATES, type TicketState } from '../../src/tickets/types.js';

/**
 * Every allowed move, written out by hand; any (state, action) pair not listed must be refused.
 * Assigning an owned ticket hands it over and keeps its state.
 */
const ALLOWED: Readonly<Record<string, TicketState>> = {
  'new triage': 'triaged',
  'new cancel': 'cancelled',
  'triaged claim': 'assigned',
  'triaged assign': 'assigned',
  'triaged cancel': 'cancelled',
  'assigned assign': 'assigned',
  'assigned release': 'triaged',
  'assigned start': 'in_progress',
  'assigned ask': 'waiting_on_requester',
  'assigned resolve': 'resolved',
  'assigned cancel': 'cancelled',
  'in_progress assign': 'in_progress',
  'in_progress release': 'triaged',
  'in_progress ask': 'waiting_on_requester',
  'in_progress resolve': 'resolved',
  'in_progress cancel': 'cancelled',
  'waiting_on_requester assign': 'waiting_on_requester',
  'waiting_on_requester release': 'triaged',
  'waiting_on_requester reply': 'in_progress',
  'waiting_on_requester resolve': 'resolved',
  'waiting_on_requester cancel': 'cancelled',
  'resolved close': 'closed',
  'resolved reopen': 'in_progress',
};

const ACTIONS: readonly LifecycleAction[] = [
  'triage',
  'claim',
  'assign',
  'release',
  'start',
  'ask',
  'reply',
  'resolve',
  'close',
  'reopen',
  'cancel',
];

describe('the ticket life cycle', () => {
  for (const state of TICKET_STATES) {
    for (const action of ACTIONS) {
      const expected = ALLOWED[`${state} ${action}`];
      if (expected) {
        it(`moves a ${state} ticket to ${expected} on ${action}`, () => {
          assert.equal(nextState(state, action), expected);
        });
      } else {
        it(`refuses ${action} on a ${state} ticket with a sentence`, () => {
          assert.equal(nextState(state, action), undefined);
          assert.throws(() => requireNextState(state, action), { code: 'invalid_transition' });
        });
      }
    }
  }

  it('leaves closed and cancelled tickets with no way out', () => {
    for (const action of ACTIONS) {
      assert.equal(nextState('closed', action), undefined);
      assert.equal(nextState('cancelled', action), undefined);
    }
  });
});
