import { HelpdeskError } from '../errors.js';
import type { TicketState } from './types.js';

/** What can be done to a ticket; each action is one move of the life cycle. */
export type LifecycleAction =
  | 'triage'
  | 'claim'
  | 'assign'
  | 'release'
  | 'start'
  | 'ask'
  | 'reply'
  | 'resolve'
  | 'close'
  | 'reopen'
  | 'cancel';

interface Move {
  readonly from: readonly TicketState[];
  readonly to: TicketState;
}

/** States in which a ticket still needs work. */
export const OPEN_STATES: readonly TicketState[] = [
  'new',
  'triaged',
  'assigned',
  'in_progress',
  'waiting_on_requester',
];
const OWNED: readonly TicketState[] = ['assigned', 'in_progress', 'waiting_on_requester'];

/**
 * The whole life cycle: new → triaged → assigned → in progress ⇄ waiting on requester →
 * resolved → closed, with release, reopen and cancel. Claiming or assigning an owned ticket
 * hands it over without changing its state.
 */
const MOVES: Readonly<Record<LifecycleAction, Move>> = {
  triage: { from: ['new'], to: 'triaged' },
  claim: { from: ['triaged'], to: 'assigned' },
  assign: { from: ['triaged'], to: 'assigned' },
  release: { from: OWNED, to: 'triaged' },
  start: { from: ['assigned'], to: 'in_progress' },
  ask: { from: ['assigned', 'in_progress'], to: 'waiting_on_requester' },
  reply: { from: ['waiting_on_requester'], to: 'in_progress' },
  resolve: { from: OWNED, to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'in_progress' },
  cancel: { from: OPEN_STATES, to: 'cancelled' },
};

/** Handing an owned ticket to someone else keeps its state. */
const HANDOVER: Partial<Record<LifecycleAction, readonly TicketState[]>> = {
  assign: OWNED,
};

/** The state `action` leads to from `state`, or undefined when the life cycle forbids it. */
export function nextState(state: TicketState, action: LifecycleAction): TicketState | undefined {
  if (HANDOVER[action]?.includes(state)) return state;
  const move = MOVES[action];
  return move.from.includes(state) ? move.to : undefined;
}

/** Like {@link nextState}, but refuses a forbidden move with an `invalid_transition` error. */
export function requireNextState(state: TicketState, action: LifecycleAction): TicketState {
  const next = nextState(state, action);
  if (next === undefined) {
    throw new HelpdeskError(
      'invalid_transition',
      `A ticket that is ${describeState(state)} cannot be ${PAST_TENSE[action]}.`,
    );
  }
  return next;
}

export function isOpen(state: TicketState): boolean {
  return OPEN_STATES.includes(state);
}

const PAST_TENSE: Readonly<Record<LifecycleAction, string>> = {
  triage: 'triaged',
  claim: 'claimed',
  assign: 'assigned',
  release: 'released',
  start: 'started',
  ask: 'put on hold for a question',
  reply: 'answered',
  resolve: 'resolved',
  close: 'closed',
  reopen: 'reopened',
  cancel: 'cancelled',
};

const STATE_WORDS: Readonly<Record<TicketState, string>> = {
  new: 'new',
  triaged: 'waiting for a technician',
  assigned: 'assigned',
  in_progress: 'in progress',
  waiting_on_requester: 'waiting on the requester',
  resolved: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** A state as a person reads it ("waiting on the requester"). */
export function describeState(state: TicketState): string {
  return STATE_WORDS[state];
}
