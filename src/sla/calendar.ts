import { HelpdeskError } from '../errors.js';
import {
  DAY_MS,
  MINUTE_MS,
  dayOfWall,
  offsetAt,
  parseDate,
  parseTime,
  requireTimeZone,
  wallToInstant,
  weekdayOfDay,
} from './zone.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Working hours per weekday as local `HH:MM-HH:MM` ranges, start included and end excluded;
 * `24:00` ends a range at midnight. A day that is absent or empty has no working hours. A shift
 * over midnight is written as two ranges: `'22:00-24:00'` on one day, `'00:00-06:00'` the next.
 */
export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly string[]>>>;

export interface Holiday {
  /** The local calendar date, `YYYY-MM-DD`; the whole local day is closed. */
  readonly date: string;
  readonly name: string;
}

/** Working time: weekly hours in an IANA time zone, less public holidays. */
export interface BusinessCalendar {
  /** How policies refer to the calendar, e.g. `au-melbourne`. */
  readonly name: string;
  readonly timeZone: string;
  readonly hours: WeeklyHours;
  readonly holidays: readonly Holiday[];
}

/** The name by which policies ask for around-the-clock time. */
export const ALWAYS_NAME = '24/7';

const ALL_DAY = ['00:00-24:00'];

/** Around the clock: every millisecond is working time. */
export const ALWAYS: BusinessCalendar = {
  name: ALWAYS_NAME,
  timeZone: 'UTC',
  hours: Object.fromEntries(WEEKDAYS.map((day) => [day, ALL_DAY])),
  holidays: [],
};

/** One local day's working time, as real instants. */
interface DaySpan {
  /** Local midnight that starts the day, and the one that ends it. */
  readonly start: number;
  readonly end: number;
  /** Working intervals as flat [start, end) pairs of instants, in order. */
  readonly open: readonly number[];
}

interface Compiled {
  readonly always: boolean;
  readonly timeZone: string;
  /** Per weekday (0 = Sunday), [start, end) pairs in minutes after midnight. */
  readonly week: readonly (readonly number[])[];
  readonly holidays: ReadonlySet<number>;
  readonly typicalOffset: number;
  readonly days: Map<number, DaySpan>;
}

/** Calendars are immutable values, so their compiled form is kept beside them. */
const compiled = new WeakMap<BusinessCalendar, Compiled>();

/** Days of cached spans per calendar before the cache starts again (about 27 years). */
const DAY_CACHE_LIMIT = 10_000;

/** How far a search for working time goes before it gives up on a calendar. */
const SEARCH_LIMIT_DAYS = 3_660;

/**
 * Checks a calendar and returns it; throws `invalid_config` with a sentence naming the calendar
 * and the bad value. Every function here validates a calendar the first time it sees it.
 */
export function validateCalendar(calendar: BusinessCalendar): BusinessCalendar {
  compile(calendar);
  return calendar;
}

/**
 * The instant at which `ms` of working time has passed since `start`. Zero gives `start` itself;
 * a target that runs out exactly at closing time is due at closing time, not at the next opening.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, ms: number): Date {
  requireDuration(ms);
  const from = start.getTime();
  const c = compile(calendar);
  if (c.always || ms === 0) return new Date(from + ms);
  let remaining = ms;
  let day = dayOf(c, from);
  for (let searched = 0; searched < SEARCH_LIMIT_DAYS; searched++, day++) {
    const { open } = span(c, day);
    for (let i = 0; i < open.length; i += 2) {
      const begin = Math.max(open[i], from);
      const length = open[i + 1] - begin;
      if (length <= 0) continue;
      if (length >= remaining) return new Date(begin + remaining);
      remaining -= length;
    }
  }
  throw noWorkingTime(calendar);
}

/** Working milliseconds in [a, b); zero when b is not after a. */
export function businessTimeBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to <= from) return 0;
  const c = compile(calendar);
  if (c.always) return to - from;
  let total = 0;
  const last = dayOf(c, to);
  for (let day = dayOf(c, from); day <= last; day++) {
    const { open } = span(c, day);
    for (let i = 0; i < open.length; i += 2) {
      const length = Math.min(open[i + 1], to) - Math.max(open[i], from);
      if (length > 0) total += length;
    }
  }
  return total;
}

/** Whether `instant` falls in working time (opening instants included, closing excluded). */
export function isBusinessTime(calendar: BusinessCalendar, instant: Date): boolean {
  const c = compile(calendar);
  if (c.always) return true;
  const t = instant.getTime();
  const { open } = span(c, dayOf(c, t));
  for (let i = 0; i < open.length; i += 2) {
    if (t >= open[i] && t < open[i + 1]) return true;
  }
  return false;
}

function requireDuration(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new HelpdeskError(
      'bad_request',
      `A business duration must be a finite number of milliseconds, zero or more; got ${ms}.`,
    );
  }
}

function noWorkingTime(calendar: BusinessCalendar): HelpdeskError {
  return new HelpdeskError(
    'invalid_config',
    `The calendar "${calendar.name}" has no working time in the ${SEARCH_LIMIT_DAYS} days ` +
      'searched; give it weekly hours that are not all holidays.',
  );
}

/** The local day (as a day number) that contains `instant`. */
function dayOf(c: Compiled, instant: number): number {
  let day = dayOfWall(instant + c.typicalOffset);
  for (;;) {
    const { start, end } = span(c, day);
    if (instant < start) day--;
    else if (instant >= end) day++;
    else return day;
  }
}

function span(c: Compiled, day: number): DaySpan {
  const cached = c.days.get(day);
  if (cached) return cached;
  if (c.days.size >= DAY_CACHE_LIMIT) c.days.clear();
  const wall = day * DAY_MS;
  const start = wallToInstant(c.timeZone, wall);
  const end = wallToInstant(c.timeZone, wall + DAY_MS);
  const open: number[] = [];
  const minutes = c.holidays.has(day) ? [] : c.week[weekdayOfDay(day)];
  for (let i = 0; i < minutes.length; i += 2) {
    const from = wallToInstant(c.timeZone, wall + minutes[i] * MINUTE_MS);
    const to =
      minutes[i + 1] === 1440 ? end : wallToInstant(c.timeZone, wall + minutes[i + 1] * MINUTE_MS);
    // A range inside the hour skipped by daylight saving has no real time in it.
    if (to > from) open.push(from, to);
  }
  const result = { start, end, open };
  c.days.set(day, result);
  return result;
}

function compile(calendar: BusinessCalendar): Compiled {
  const known = compiled.get(calendar);
  if (known) return known;
  const where = `The calendar "${calendar.name}"`;
  if (typeof calendar.name !== 'string' || calendar.name.trim() === '') {
    throw new HelpdeskError('invalid_config', 'Every business calendar needs a non-empty name.');
  }
  requireTimeZone(calendar.timeZone, where);
  const week = WEEKDAYS.map((day) => parseDay(calendar.hours[day] ?? [], `${where} on ${day}`));
  if (week.every((ranges) => ranges.length === 0)) {
    throw new HelpdeskError(
      'invalid_config',
      `${where} has no working hours on any weekday; give at least one range such as ` +
        `mon: ['09:00-17:00'].`,
    );
  }
  const holidays = new Set(calendar.holidays.map((holiday) => parseHoliday(holiday, where)));
  const always = holidays.size === 0 && week.every((r) => r.length === 2 && r[1] - r[0] === 1440);
  const result: Compiled = {
    always,
    timeZone: calendar.timeZone,
    week,
    holidays,
    typicalOffset: offsetAt(calendar.timeZone, Date.UTC(2026, 0, 1)),
    days: new Map(),
  };
  compiled.set(calendar, result);
  return result;
}

function parseDay(ranges: readonly string[], where: string): number[] {
  const minutes = ranges.map((range) => parseRange(range, where)).sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < minutes.length; i++) {
    if (minutes[i][0] < minutes[i - 1][1]) {
      throw new HelpdeskError(
        'invalid_config',
        `${where} has working hours that overlap (${ranges.join(', ')}); list each time once.`,
      );
    }
  }
  return minutes.flat();
}

function parseRange(range: string, where: string): [number, number] {
  const [from, to, extra] = String(range).split('-');
  const start = parseTime(from ?? '');
  const end = parseTime(to ?? '');
  if (extra !== undefined || start === undefined || end === undefined || end <= start) {
    throw new HelpdeskError(
      'invalid_config',
      `${where} has the working hours "${range}", which is not a range like "09:00-17:00" ` +
        'that ends after it starts (write a shift over midnight as two ranges).',
    );
  }
  return [start, end];
}

function parseHoliday(holiday: Holiday, where: string): number {
  const day = parseDate(holiday.date);
  if (day === undefined) {
    throw new HelpdeskError(
      'invalid_config',
      `${where} has the holiday "${holiday.name}" on "${holiday.date}", which is not a ` +
        'date like 2026-12-25.',
    );
  }
  return day;
}

/** A set of calendars by name; `24/7` always means {@link ALWAYS}, listed or not. */
export type Calendars = Readonly<Record<string, BusinessCalendar>>;

/** The calendar called `name`, or an `invalid_config` error that says who asked for it. */
export function findCalendar(calendars: Calendars, name: string, where: string): BusinessCalendar {
  if (name === ALWAYS_NAME) return ALWAYS;
  const calendar = Object.hasOwn(calendars, name) ? calendars[name] : undefined;
  if (!calendar) {
    const known = [ALWAYS_NAME, ...Object.keys(calendars)].map((n) => `"${n}"`).join(', ');
    throw new HelpdeskError(
      'invalid_config',
      `${where} uses the calendar "${name}", which does not exist; known calendars are ${known}.`,
    );
  }
  return calendar;
}
