/** Where every time-dependent rule gets "now", so tests can fake it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
