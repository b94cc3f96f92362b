import type { Clock } from '../../src/clock.js';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
