/**
 * Service levels and 24/7 coverage, the pure core: no store, no Teams, no timers. Everything
 * takes `now` (or an instant) from the caller and returns plain values.
 *
 * - Calendars: working time in an IANA zone less public holidays, and arithmetic on it
 *   ({@link addBusinessTime}, {@link businessTimeBetween}), exact across daylight saving.
 * - Policies: targets per priority, chosen by ordered rules ({@link selectPolicy}).
 * - Clocks: response and resolution figures computed from a ticket's events
 *   ({@link computeClocks}), flattened for storage by {@link slaRecord}.
 * - Escalation: which warning levels fire now and when the next one is due
 *   ({@link planEscalations}); each firing is recorded as an `sla` event ({@link firingEvent}).
 * - On-call: who is on call per tier at any instant, and who is working now ({@link createOnCall}).
 *
 * The rules as implemented, and the choices made where the issue is silent, are in docs/sla.md.
 */
export {
  ALWAYS,
  ALWAYS_NAME,
  WEEKDAYS,
  addBusinessTime,
  businessTimeBetween,
  findCalendar,
  isBusinessTime,
  validateCalendar,
  type BusinessCalendar,
  type Calendars,
  type Holiday,
  type Weekday,
  type WeeklyHours,
} from './calendar.js';
export { DEFAULT_CALENDARS, LONDON, MELBOURNE, NEW_YORK } from './calendars.js';
export {
  BUSINESS_DAY_MINUTES,
  DEFAULT_SLA_SETTINGS,
  defaultSlaPolicy,
  selectPolicy,
  validatePolicy,
  validateSlaSettings,
  type PolicySubject,
  type PriorityTargets,
  type SlaCondition,
  type SlaPolicy,
  type SlaRule,
  type SlaSettings,
  type SlaTarget,
} from './policy.js';
export {
  SYSTEM_ACTOR_ID,
  computeClocks,
  slaRecord,
  type ClockEvent,
  type ClockName,
  type ClockRecord,
  type ClockState,
  type ClockTicket,
  type FrozenClock,
  type SlaClock,
  type SlaClocks,
  type SlaRecord,
} from './clocks.js';
export {
  DEFAULT_LEVELS,
  DEFAULT_PAGE_UNCLAIMED,
  SLA_EVENT_TYPE,
  UNCLAIMED_KEY,
  firedKeys,
  firingEvent,
  levelKey,
  nextTier,
  planEscalations,
  validateLevels,
  type EscalationAction,
  type EscalationInput,
  type EscalationLevel,
  type EscalationPlan,
  type Firing,
} from './escalation.js';
export {
  createOnCall,
  type Assignee,
  type LeaveOverride,
  type OnCall,
  type OnCallAnswer,
  type OnCallSchedule,
  type Override,
  type Rotation,
  type Shift,
  type ShiftRotation,
  type SwapOverride,
  type Technician,
  type WeeklyRotation,
} from './oncall.js';
