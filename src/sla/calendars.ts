import type { BusinessCalendar, WeeklyHours } from './calendar.js';

/*
 * Default calendars, shipped as data. Holidays are those in force for 2026 and 2027 as published
 * by each government; a holiday that falls on a weekend is listed with the weekday that replaces
 * it. Admins add later years (or their own closures) in settings; the clock simply treats a date
 * that is not listed as an ordinary day.
 */

const OFFICE_HOURS: WeeklyHours = {
  mon: ['09:00-17:00'],
  tue: ['09:00-17:00'],
  wed: ['09:00-17:00'],
  thu: ['09:00-17:00'],
  fri: ['09:00-17:00'],
};

/**
 * Melbourne, Victoria. The Friday before the AFL Grand Final is the date the Victorian
 * government proclaims each year; the 2026 and 2027 dates assume the usual last-Saturday final.
 * Melbourne Cup Day is the metropolitan holiday.
 */
export const MELBOURNE: BusinessCalendar = {
  name: 'au-melbourne',
  timeZone: 'Australia/Melbourne',
  hours: OFFICE_HOURS,
  holidays: [
    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-01-26', name: 'Australia Day' },
    { date: '2026-03-09', name: 'Labour Day' },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-04', name: 'Saturday before Easter Sunday' },
    { date: '2026-04-05', name: 'Easter Sunday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-04-25', name: 'ANZAC Day' },
    { date: '2026-06-08', name: "King's Birthday" },
    { date: '2026-09-25', name: 'Friday before the AFL Grand Final' },
    { date: '2026-11-03', name: 'Melbourne Cup Day' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-26', name: 'Boxing Day' },
    { date: '2026-12-28', name: 'Boxing Day (additional day)' },
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-01-26', name: 'Australia Day' },
    { date: '2027-03-08', name: 'Labour Day' },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-27', name: 'Saturday before Easter Sunday' },
    { date: '2027-03-28', name: 'Easter Sunday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-04-25', name: 'ANZAC Day' },
    { date: '2027-06-14', name: "King's Birthday" },
    { date: '2027-09-24', name: 'Friday before the AFL Grand Final' },
    { date: '2027-11-02', name: 'Melbourne Cup Day' },
    { date: '2027-12-25', name: 'Christmas Day' },
    { date: '2027-12-26', name: 'Boxing Day' },
    { date: '2027-12-27', name: 'Christmas Day (additional day)' },
    { date: '2027-12-28', name: 'Boxing Day (additional day)' },
  ],
};

/** London: the bank holidays of England and Wales. */
export const LONDON: BusinessCalendar = {
  name: 'uk-london',
  timeZone: 'Europe/London',
  hours: OFFICE_HOURS,
  holidays: [
    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-04-03', name: 'Good Friday' },
    { date: '2026-04-06', name: 'Easter Monday' },
    { date: '2026-05-04', name: 'Early May bank holiday' },
    { date: '2026-05-25', name: 'Spring bank holiday' },
    { date: '2026-08-31', name: 'Summer bank holiday' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-03-26', name: 'Good Friday' },
    { date: '2027-03-29', name: 'Easter Monday' },
    { date: '2027-05-03', name: 'Early May bank holiday' },
    { date: '2027-05-31', name: 'Spring bank holiday' },
    { date: '2027-08-30', name: 'Summer bank holiday' },
    { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
    { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
  ],
};

/** New York: the US federal holidays, with the observed weekday when one falls on a weekend. */
export const NEW_YORK: BusinessCalendar = {
  name: 'us-new-york',
  timeZone: 'America/New_York',
  hours: OFFICE_HOURS,
  holidays: [
    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
    { date: '2026-02-16', name: "Washington's Birthday" },
    { date: '2026-05-25', name: 'Memorial Day' },
    { date: '2026-06-19', name: 'Juneteenth' },
    { date: '2026-07-03', name: 'Independence Day (observed)' },
    { date: '2026-09-07', name: 'Labor Day' },
    { date: '2026-10-12', name: 'Columbus Day' },
    { date: '2026-11-11', name: 'Veterans Day' },
    { date: '2026-11-26', name: 'Thanksgiving Day' },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2027-01-01', name: "New Year's Day" },
    { date: '2027-01-18', name: 'Martin Luther King Jr. Day' },
    { date: '2027-02-15', name: "Washington's Birthday" },
    { date: '2027-05-31', name: 'Memorial Day' },
    { date: '2027-06-18', name: 'Juneteenth (observed)' },
    { date: '2027-07-05', name: 'Independence Day (observed)' },
    { date: '2027-09-06', name: 'Labor Day' },
    { date: '2027-10-11', name: 'Columbus Day' },
    { date: '2027-11-11', name: 'Veterans Day' },
    { date: '2027-11-25', name: 'Thanksgiving Day' },
    { date: '2027-12-24', name: 'Christmas Day (observed)' },
    { date: '2027-12-31', name: "New Year's Day 2028 (observed)" },
  ],
};

/** The calendars that ship with the help desk, by name. */
export const DEFAULT_CALENDARS: Readonly<Record<string, BusinessCalendar>> = {
  [MELBOURNE.name]: MELBOURNE,
  [LONDON.name]: LONDON,
  [NEW_YORK.name]: NEW_YORK,
};
