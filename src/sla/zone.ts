import { HelpdeskError } from '../errors.js';

/** Milliseconds in a civil day (wall-clock arithmetic only; real days can be 23 or 25 hours). */
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/*
 * "Wall" milliseconds are a zone's local date and time read as if it were UTC: 09:00 on
 * 6 April 2026 in Melbourne is Date.UTC(2026, 3, 6, 9). They make calendar arithmetic plain
 * integer arithmetic; only the step between wall time and real instants needs the zone's rules.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether Node's ICU knows `timeZone` as an IANA zone name. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch (error) {
    // Intl reports an unknown zone with a RangeError; anything else is a real fault.
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** Throws `invalid_config` naming `where` when `timeZone` is not an IANA zone. */
export function requireTimeZone(timeZone: string, where: string): void {
  if (!isTimeZone(timeZone)) {
    throw new HelpdeskError(
      'invalid_config',
      `${where} names the time zone "${timeZone}", which is not an IANA zone such as ` +
        `"Australia/Melbourne"; use one of Intl.supportedValuesOf('timeZone').`,
    );
  }
}

/*
 * Offsets are remembered per quarter hour of UTC. A quarter hour is only trusted when its first
 * and last second agree, which holds unless a transition falls inside it (zones change at most a
 * few times a year, so at most one quarter hour per change is read afresh every time).
 */
const QUARTER_MS = 15 * 60_000;
const QUARTERS_KEPT = 200_000;
const quarters = new Map<string, Map<number, number | null>>();

/** The zone's offset from UTC at `instant`, in milliseconds (positive east of Greenwich). */
export function offsetAt(timeZone: string, instant: number): number {
  let known = quarters.get(timeZone);
  if (!known) {
    known = new Map();
    quarters.set(timeZone, known);
  }
  const quarter = Math.floor(instant / QUARTER_MS);
  let offset = known.get(quarter);
  if (offset === undefined) {
    if (known.size >= QUARTERS_KEPT) known.clear();
    const first = readOffset(timeZone, quarter * QUARTER_MS);
    const last = readOffset(timeZone, (quarter + 1) * QUARTER_MS - 1000);
    offset = first === last ? first : null;
    known.set(quarter, offset);
  }
  return offset ?? readOffset(timeZone, instant);
}

function readOffset(timeZone: string, instant: number): number {
  const parts = formatter(timeZone).formatToParts(instant);
  const field = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The wall milliseconds of `instant` in `timeZone`. */
export function toWall(timeZone: string, instant: number): number {
  return instant + offsetAt(timeZone, instant);
}

/**
 * The instant at which the clocks of `timeZone` show `wall`. A wall time that happens twice (the
 * hour repeated when daylight saving ends) gives the earlier instant; one that never happens (the
 * hour skipped when it starts) is moved forward by the length of the skip, so 02:30 on a
 * spring-forward night in New York is 03:30 EDT. This is Temporal's "compatible" choice.
 */
export function wallToInstant(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const early = wall - before;
  if (before === after) return early;
  const late = wall - after;
  const earlyHolds = offsetAt(timeZone, early) === before;
  const lateHolds = offsetAt(timeZone, late) === after;
  if (earlyHolds && lateHolds) return Math.min(early, late);
  if (lateHolds) return late;
  return early;
}

/** Days since 1970-01-01 of a wall time. */
export function dayOfWall(wall: number): number {
  return Math.floor(wall / DAY_MS);
}

/** 0 for Sunday to 6 for Saturday, for a day number (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day number of an ISO calendar date (`2026-04-05`), or undefined when it is not one. */
export function parseDate(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}

/** Minutes after midnight of `HH:MM` (00:00 to 24:00), or undefined when it is not one. */
export function parseTime(time: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}
