import type { ClockEvent } from '../../src/sla/index.js';
import type { Priority } from '../../src/tickets/types.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A fixed fake clock: instants as minutes after `origin`. */
export function fakeClock(origin: string) {
  const base = new Date(origin).getTime();
  return {
    origin: new Date(base),
    at: (minutes: number) => new Date(base + minutes * MINUTE),
    iso: (minutes: number) => new Date(base + minutes * MINUTE).toISOString(),
  };
}

export const TECH = { id: '29:tech', name: 'Tess Tech' };
export const SYSTEM_ACTOR = { id: 'system', name: 'Help desk' };

/** Event builders in the shape the ticket service writes. */
export const on = {
  reply: (at: string): ClockEvent => ({ at, actor: TECH, type: 'message', to: 'requester' }),
  claim: (at: string): ClockEvent => ({ at, actor: TECH, type: 'owner', to: TECH.name }),
  state: (at: string, from: string, to: string): ClockEvent => ({
    at,
    actor: TECH,
    type: 'state',
    from,
    to,
  }),
  priority: (at: string, from: Priority, to: Priority): ClockEvent => ({
    at,
    actor: TECH,
    type: 'priority',
    from,
    to,
  }),
};
