import assert from 'node:assert/strict';
import { isHelpdeskError } from '../../src/errors.js';
import {
  ALWAYS,
  DEFAULT_CALENDARS,
  LONDON,
  MELBOURNE,
  NEW_YORK,
  addBusinessTime,
  businessTimeBetween,
  isBusinessTime,
  validateCalendar,
  type BusinessCalendar,
} from '../../src/sla/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Every hour of every day, except one holiday, so the calendar is not the 24/7 fast path. */
function allDay(timeZone: string, extra: Partial<BusinessCalendar> = {}): BusinessCalendar {
  const day = ['00:00-24:00'];
  return {
    name: `all day in ${timeZone}`,
    timeZone,
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: [{ date: '2030-12-25', name: 'Christmas Day' }],
    ...extra,
  };
}

describe('adding business time', () => {
  // prettier-ignore
  const cases: [string, BusinessCalendar, string, number, string][] = [
    ['stays within one working day', MELBOURNE, '2026-03-10T10:00+11:00', 3 * HOUR, '2026-03-10T13:00+11:00'],
    ['carries over the night', MELBOURNE, '2026-03-10T15:00+11:00', 4 * HOUR, '2026-03-11T11:00+11:00'],
    ['carries over the weekend', MELBOURNE, '2026-03-13T16:00+11:00', 2 * HOUR, '2026-03-16T10:00+11:00'],
    ['waits for opening when started early', MELBOURNE, '2026-03-10T06:00+11:00', HOUR, '2026-03-10T10:00+11:00'],
    ['waits for the next day when started late', MELBOURNE, '2026-03-10T20:00+11:00', HOUR, '2026-03-11T10:00+11:00'],
    ['waits for Monday when started on Saturday', MELBOURNE, '2026-03-14T12:00+11:00', HOUR, '2026-03-16T10:00+11:00'],
    ['skips a public holiday (Labour Day)', MELBOURNE, '2026-03-06T16:00+11:00', 2 * HOUR, '2026-03-10T10:00+11:00'],
    ['is due at closing time, not next morning', MELBOURNE, '2026-03-10T10:00+11:00', 7 * HOUR, '2026-03-10T17:00+11:00'],
    ['skips Easter while Melbourne leaves daylight saving', MELBOURNE, '2026-04-02T16:00+11:00', 4 * HOUR, '2026-04-07T12:00+10:00'],
    ['crosses the start of daylight saving in Melbourne', MELBOURNE, '2026-10-02T16:00+10:00', 2 * HOUR, '2026-10-05T10:00+11:00'],
    ['crosses the start of daylight saving in New York', NEW_YORK, '2026-03-06T16:00-05:00', 2 * HOUR, '2026-03-09T10:00-04:00'],
    ['crosses the end of daylight saving in New York', NEW_YORK, '2026-10-30T16:00-04:00', 2 * HOUR, '2026-11-02T10:00-05:00'],
    ['crosses the start of British Summer Time', LONDON, '2026-03-27T16:00Z', 2 * HOUR, '2026-03-30T10:00+01:00'],
    ['spans three business days over Christmas', MELBOURNE, '2026-12-23T10:00+11:00', 24 * HOUR, '2026-12-30T10:00+11:00'],
    ['skips Thanksgiving in New York', NEW_YORK, '2026-11-25T16:00-05:00', 2 * HOUR, '2026-11-27T10:00-05:00'],
    ['returns the start for zero, even out of hours', MELBOURNE, '2026-03-14T03:00+11:00', 0, '2026-03-14T03:00+11:00'],
    ['counts every minute around the clock', ALWAYS, '2026-03-15T03:00+11:00', 15 * MINUTE, '2026-03-15T03:15+11:00'],
    ['counts 25 hours on the day Melbourne falls back', allDay('Australia/Melbourne'), '2026-04-05T00:00+11:00', 25 * HOUR, '2026-04-06T00:00+10:00'],
    ['counts 23 hours on the day New York springs forward', allDay('America/New_York'), '2026-03-08T00:00-05:00', 23 * HOUR, '2026-03-09T00:00-04:00'],
  ];
  for (const [behaviour, calendar, start, ms, expected] of cases) {
    it(behaviour, () => {
      const due = addBusinessTime(calendar, new Date(start), ms);
      assert.equal(due.toISOString(), new Date(expected).toISOString());
    });
  }

  it('refuses a negative duration', () => {
    assert.throws(
      () => addBusinessTime(MELBOURNE, new Date('2026-03-10T10:00+11:00'), -1),
      (error) => isHelpdeskError(error, 'bad_request'),
    );
  });
});

describe('measuring business time between two instants', () => {
  const probe: BusinessCalendar = {
    name: 'early Sunday',
    timeZone: 'America/New_York',
    hours: { sun: ['01:00-02:00', '02:00-04:00'] },
    holidays: [],
  };
  // prettier-ignore
  const cases: [string, BusinessCalendar, string, string, number][] = [
    ['counts part of one day', MELBOURNE, '2026-03-10T10:00+11:00', '2026-03-10T12:30+11:00', 2.5 * HOUR],
    ['counts nothing overnight', MELBOURNE, '2026-03-10T18:00+11:00', '2026-03-11T08:00+11:00', 0],
    ['counts across a weekend', MELBOURNE, '2026-03-13T16:00+11:00', '2026-03-16T10:00+11:00', 2 * HOUR],
    ['counts a whole week less a holiday', MELBOURNE, '2026-03-09T00:00+11:00', '2026-03-16T00:00+11:00', 32 * HOUR],
    ['is zero when the end is not after the start', MELBOURNE, '2026-03-10T12:00+11:00', '2026-03-10T10:00+11:00', 0],
    ['counts 49 hours over the weekend Melbourne falls back', allDay('Australia/Melbourne'), '2026-04-04T00:00+11:00', '2026-04-06T00:00+10:00', 49 * HOUR],
    ['counts 47 hours over the weekend Melbourne springs forward', allDay('Australia/Melbourne'), '2026-10-03T00:00+10:00', '2026-10-05T00:00+11:00', 47 * HOUR],
    ['counts no time in the hour New York skips', probe, '2026-03-08T00:00-05:00', '2026-03-08T05:00-04:00', 2 * HOUR],
    ['counts the hour New York repeats twice', probe, '2026-11-01T00:00-04:00', '2026-11-01T05:00-05:00', 4 * HOUR],
  ];
  for (const [behaviour, calendar, a, b, expected] of cases) {
    it(behaviour, () => {
      assert.equal(businessTimeBetween(calendar, new Date(a), new Date(b)), expected);
    });
  }

  it('undoes adding business time, from any start, for any length', () => {
    const starts = ['2026-04-02T16:30+11:00', '2026-10-31T23:59-04:00', '2026-12-24T08:00Z'];
    for (const calendar of [MELBOURNE, LONDON, NEW_YORK, ALWAYS]) {
      for (const start of starts) {
        for (const ms of [1, 59 * MINUTE, 8 * HOUR, 40 * HOUR + 7 * MINUTE]) {
          const due = addBusinessTime(calendar, new Date(start), ms);
          assert.equal(businessTimeBetween(calendar, new Date(start), due), ms, calendar.name);
        }
      }
    }
  });
});

describe('telling whether an instant is working time', () => {
  // prettier-ignore
  const cases: [string, string, boolean][] = [
    ['opening instant', '2026-03-10T09:00+11:00', true],
    ['last millisecond', '2026-03-10T16:59:59.999+11:00', true],
    ['closing instant', '2026-03-10T17:00+11:00', false],
    ['Melbourne Cup Day', '2026-11-03T11:00+11:00', false],
    ['Sunday', '2026-03-15T11:00+11:00', false],
  ];
  for (const [behaviour, instant, expected] of cases) {
    it(`is ${expected} at the ${behaviour}`, () => {
      assert.equal(isBusinessTime(MELBOURNE, new Date(instant)), expected);
    });
  }
});

describe('validating a calendar', () => {
  const base = {
    name: 'x',
    timeZone: 'Europe/Berlin',
    hours: { mon: ['09:00-17:00'] },
    holidays: [],
  };
  // prettier-ignore
  const cases: [string, BusinessCalendar, RegExp][] = [
    ['an unknown time zone', { ...base, timeZone: 'Europe/Atlantis' }, /"Europe\/Atlantis", which is not an IANA zone/],
    ['a range that ends before it starts', { ...base, hours: { mon: ['17:00-09:00'] } }, /"17:00-09:00"/],
    ['a malformed range', { ...base, hours: { tue: ['9-5'] } }, /"9-5"/],
    ['overlapping ranges', { ...base, hours: { mon: ['09:00-13:00', '12:00-17:00'] } }, /overlap/],
    ['no hours at all', { ...base, hours: {} }, /no working hours/],
    ['a holiday that is not a date', { ...base, holidays: [{ date: '2026-02-30', name: 'Nope' }] }, /"2026-02-30"/],
  ];
  for (const [behaviour, calendar, message] of cases) {
    it(`refuses ${behaviour}`, () => {
      assert.throws(
        () => validateCalendar(calendar),
        (error) => isHelpdeskError(error, 'invalid_config') && message.test(error.message),
      );
    });
  }
});

describe('the default calendars', () => {
  /** Easter Sunday by the anonymous Gregorian algorithm, as `YYYY-MM-DD`. */
  function easter(year: number): Date {
    const a = year % 19;
    const b = Math.floor(year / 100);
    const c = year % 100;
    const d = Math.floor(b / 4);
    const e = b % 4;
    const f = Math.floor((b + 8) / 25);
    const g = Math.floor((b - f + 1) / 3);
    const h = (19 * a + b - d - g + 15) % 30;
    const i = Math.floor(c / 4);
    const k = c % 4;
    const l = (32 + 2 * e + 2 * i - h - k) % 7;
    const m = Math.floor((a + 11 * h + 22 * l) / 451);
    const month = Math.floor((h + l - 7 * m + 114) / 31);
    const day = ((h + l - 7 * m + 114) % 31) + 1;
    return new Date(Date.UTC(year, month - 1, day));
  }
  const shift = (date: Date, days: number) =>
    new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);

  for (const calendar of Object.values(DEFAULT_CALENDARS)) {
    it(`${calendar.name} is valid and covers 2026 and 2027`, () => {
      validateCalendar(calendar);
      const dates = calendar.holidays.map((h) => h.date);
      assert.deepEqual([...dates].sort(), dates, 'listed in order');
      assert.equal(new Set(dates).size, dates.length, 'listed once each');
      for (const year of ['2026', '2027']) {
        assert.ok(dates.filter((d) => d.startsWith(year)).length >= 8, year);
      }
    });
  }

  for (const calendar of [MELBOURNE, LONDON]) {
    it(`${calendar.name} places Good Friday and Easter Monday around Easter`, () => {
      for (const year of [2026, 2027]) {
        const names = new Map(calendar.holidays.map((h) => [h.date, h.name]));
        assert.equal(names.get(shift(easter(year), -2)), 'Good Friday');
        assert.equal(names.get(shift(easter(year), 1)), 'Easter Monday');
      }
    });
  }

  it('puts holidays defined by weekday on that weekday', () => {
    const expected: [BusinessCalendar, RegExp, number][] = [
      [MELBOURNE, /^Melbourne Cup/, 2],
      [MELBOURNE, /^Labour Day|King's Birthday/, 1],
      [NEW_YORK, /^Thanksgiving/, 4],
      [NEW_YORK, /^Memorial|^Labor|^Columbus|Luther/, 1],
      [LONDON, /bank holiday$/, 1],
    ];
    for (const [calendar, name, weekday] of expected) {
      const matching = calendar.holidays.filter((h) => name.test(h.name));
      assert.ok(matching.length >= 2, `${calendar.name} ${name}`);
      for (const holiday of matching) {
        assert.equal(new Date(`${holiday.date}T00:00Z`).getUTCDay(), weekday, holiday.name);
      }
    }
  });
});
