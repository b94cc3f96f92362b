import type { Priority } from '../tickets/types.js';
import type { Impact, Urgency } from './cues.js';

/**
 * ITIL's priority matrix, folded to four levels: impact down the side, urgency across.
 * A company-wide outage is P1; one person's wish that can wait is P4.
 */
export const PRIORITY_MATRIX: Readonly<Record<Impact, Readonly<Record<Urgency, Priority>>>> = {
  organisation: { stopped: 'P1', degraded: 'P2', 'can-wait': 'P3' },
  group: { stopped: 'P2', degraded: 'P3', 'can-wait': 'P4' },
  individual: { stopped: 'P3', degraded: 'P4', 'can-wait': 'P4' },
};

const RANK: Readonly<Record<Priority, number>> = { P1: 1, P2: 2, P3: 3, P4: 4 };

/** The more urgent of two priorities. */
export function higher(a: Priority, b: Priority): Priority {
  return RANK[a] <= RANK[b] ? a : b;
}

/** True when `a` is more urgent than `b`. */
export function isAbove(a: Priority, b: Priority): boolean {
  return RANK[a] < RANK[b];
}

/** How people read impact and urgency in a reason line. */
export const IMPACT_WORDS: Readonly<Record<Impact, string>> = {
  organisation: 'whole organisation affected',
  group: 'several people affected',
  individual: 'one person affected',
};

export const URGENCY_WORDS: Readonly<Record<Urgency, string>> = {
  stopped: 'work stopped',
  degraded: 'work degraded',
  'can-wait': 'can wait',
};
