import { PRIORITIES, type Priority, type Ticket } from '../tickets/types.js';
import {
  addBusinessTime,
  businessTimeBetween,
  findCalendar,
  type BusinessCalendar,
  type Calendars,
} from './calendar.js';
import type { SlaPolicy, SlaTarget } from './policy.js';

/**
 * The parts of a ticket event the clocks read. Every `TicketEvent` fits, and so do the
 * `message` events (a reply to the requester: `to: 'requester'`) and `sla` events.
 */
export interface ClockEvent {
  /** ISO-8601 instant. */
  readonly at: string;
  readonly actor: { readonly id: string };
  readonly type: string;
  readonly from?: string;
  readonly to?: string;
}

/** The actor id of events the help desk makes itself; they never count as a response. */
export const SYSTEM_ACTOR_ID = 'system';

export type ClockName = 'response' | 'resolution';

/**
 * `running` and `paused` clocks are live; `met`, `breached` and `cancelled` ones are stopped and
 * carry frozen figures. A running clock past its due instant stays `running` (see `overdue`)
 * until it stops, when it freezes as `breached`.
 */
export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

/** A stopped clock's figures as they are kept on the ticket; reports add them up. */
export interface FrozenClock {
  /** ISO-8601 instant at which the clock stopped. */
  readonly stoppedAt: string;
  readonly elapsedMs: number;
  readonly pausedMs: number;
  readonly targetMs: number;
  readonly outcome: 'met' | 'breached' | 'cancelled';
}

export interface SlaClock {
  readonly name: ClockName;
  readonly state: ClockState;
  /** The calendar whose working time `elapsedMs`, `pausedMs` and `targetMs` are counted in. */
  readonly calendar: string;
  readonly startedAt: Date;
  readonly targetMs: number;
  /** Working time the clock has run, up to now or to its stop. */
  readonly elapsedMs: number;
  /** Working time spent paused (waiting on the requester). */
  readonly pausedMs: number;
  /** `targetMs - elapsedMs`; negative once over the target. */
  readonly remainingMs: number;
  readonly overdue: boolean;
  /** When a running clock reaches its target (in the past when overdue); absent otherwise. */
  readonly dueAt?: Date;
  /** When the clock went past its target, if it has. */
  readonly breachedAt?: Date;
  /** Present when the clock is stopped. */
  readonly frozen?: FrozenClock;
}

export interface SlaClocks {
  /** The priority whose targets apply: the latest one, applied from the ticket's creation. */
  readonly priority: Priority;
  readonly response: SlaClock;
  readonly resolution: SlaClock;
}

/** What the clocks read from the ticket itself; the rest comes from its events. */
export type ClockTicket = Pick<Ticket, 'createdAt' | 'priority'>;

type Mode = 'running' | 'paused' | 'stopped';

interface Walk {
  readonly calendar: BusinessCalendar;
  readonly targetMs: number;
  mode: Mode;
  since: number;
  elapsed: number;
  paused: number;
  crossedAt?: number;
  stoppedAt?: number;
  cancelled: boolean;
}

/**
 * Both clocks of a ticket as of `now`, from its events (those after `now` are ignored).
 *
 * - Response starts at creation and stops at the first `message` to the requester by a person
 *   (or a claim, when the policy says so), at resolution, or at cancellation. It never pauses.
 * - Resolution starts at creation, pauses while the ticket waits on the requester, stops when it
 *   is resolved or cancelled, and runs on from its frozen figure when the ticket is reopened.
 * - Both use the targets of the latest priority, counted from creation.
 */
export function computeClocks(
  ticket: ClockTicket,
  events: readonly ClockEvent[],
  policy: SlaPolicy,
  calendars: Calendars,
  now: Date,
): SlaClocks {
  const end = now.getTime();
  const start = Date.parse(ticket.createdAt);
  const timeline = events
    .map((event) => ({ event, at: Math.max(Date.parse(event.at), start) }))
    .filter((entry) => entry.at <= end);
  // The store lists events in order; sorting (stable) only guards against a caller that did not.
  if (timeline.some((entry, i) => i > 0 && entry.at < timeline[i - 1].at)) {
    timeline.sort((x, y) => x.at - y.at);
  }
  const priority = priorityAt(ticket, events, end);
  const targets = policy.targets[priority];
  const response = walk(targets.response, calendars, `The ${priority} response target`, start);
  const resolution = walk(
    targets.resolution,
    calendars,
    `The ${priority} resolution target`,
    start,
  );
  for (const { event, at } of timeline) {
    if (response.mode !== 'stopped') {
      const stop = responseStop(event, policy);
      if (stop) move(response, 'stopped', at, stop === 'cancelled');
    }
    const next = resolutionMode(event);
    if (next) move(resolution, next, at, event.to === 'cancelled');
  }
  return {
    priority,
    response: finish(response, 'response', start, end),
    resolution: finish(resolution, 'resolution', start, end),
  };
}

/** The latest priority at `end`; before any change, the priority the first change left. */
function priorityAt(ticket: ClockTicket, events: readonly ClockEvent[], end: number): Priority {
  let latest: Priority | undefined;
  let latestAt = -Infinity;
  let first: Priority | undefined;
  let firstAt = Infinity;
  for (const event of events) {
    if (event.type !== 'priority' || !isPriority(event.to)) continue;
    const at = Date.parse(event.at);
    if (at <= end && at >= latestAt) [latest, latestAt] = [event.to, at];
    else if (at > end && at < firstAt && isPriority(event.from))
      [first, firstAt] = [event.from, at];
  }
  return latest ?? first ?? ticket.priority;
}

function isPriority(value: string | undefined): value is Priority {
  return PRIORITIES.includes(value as Priority);
}

/** Whether `event` stops the response clock, and how. */
function responseStop(event: ClockEvent, policy: SlaPolicy): 'answered' | 'cancelled' | undefined {
  const byPerson = event.actor.id !== SYSTEM_ACTOR_ID;
  if (event.type === 'message' && event.to === 'requester' && byPerson) return 'answered';
  if (event.type === 'owner' && policy.claimCountsAsResponse && byPerson) return 'answered';
  // Resolving tells the requester the outcome, so it answers them too.
  if (event.type === 'state' && event.to === 'resolved') return 'answered';
  if (event.type === 'state' && event.to === 'cancelled') return 'cancelled';
  return undefined;
}

/** The resolution clock's mode after a state event, or undefined for other events. */
function resolutionMode(event: ClockEvent): Mode | undefined {
  if (event.type !== 'state' || event.to === undefined) return undefined;
  switch (event.to) {
    case 'waiting_on_requester':
      return 'paused';
    case 'resolved':
    case 'closed':
    case 'cancelled':
      return 'stopped';
    case 'new':
    case 'triaged':
    case 'assigned':
    case 'in_progress':
      return 'running';
    default:
      return undefined;
  }
}

function walk(target: SlaTarget, calendars: Calendars, where: string, start: number): Walk {
  return {
    calendar: findCalendar(calendars, target.calendar, where),
    targetMs: target.minutes * 60_000,
    mode: 'running',
    since: start,
    elapsed: 0,
    paused: 0,
    cancelled: false,
  };
}

/** Closes the current stretch of `w` at `at` and enters `next`; a second stop keeps the first. */
function move(w: Walk, next: Mode, at: number, cancelled: boolean): void {
  if (next === w.mode) return;
  close(w, at);
  w.mode = next;
  w.since = at;
  if (next === 'stopped') {
    w.stoppedAt = at;
    w.cancelled = cancelled;
  }
}

function close(w: Walk, at: number): void {
  if (w.mode === 'stopped') return;
  const length = businessTimeBetween(w.calendar, new Date(w.since), new Date(at));
  if (w.mode === 'paused') {
    w.paused += length;
    return;
  }
  if (w.crossedAt === undefined && w.elapsed + length > w.targetMs) {
    w.crossedAt = addBusinessTime(w.calendar, new Date(w.since), w.targetMs - w.elapsed).getTime();
  }
  w.elapsed += length;
}

function finish(w: Walk, name: ClockName, start: number, end: number): SlaClock {
  const runningFrom = w.since;
  const elapsedBefore = w.elapsed;
  close(w, end);
  const base = {
    name,
    calendar: w.calendar.name,
    startedAt: new Date(start),
    targetMs: w.targetMs,
    elapsedMs: w.elapsed,
    pausedMs: w.paused,
    remainingMs: w.targetMs - w.elapsed,
    overdue: w.elapsed > w.targetMs,
    breachedAt: w.crossedAt === undefined ? undefined : new Date(w.crossedAt),
  };
  if (w.mode === 'paused') return { ...base, state: 'paused' };
  if (w.mode === 'running') {
    const dueAt =
      w.crossedAt !== undefined && elapsedBefore > w.targetMs
        ? new Date(w.crossedAt)
        : addBusinessTime(w.calendar, new Date(runningFrom), w.targetMs - elapsedBefore);
    return { ...base, state: 'running', dueAt };
  }
  const outcome = w.cancelled ? 'cancelled' : base.overdue ? 'breached' : 'met';
  const frozen: FrozenClock = {
    stoppedAt: new Date(w.stoppedAt ?? end).toISOString(),
    elapsedMs: w.elapsed,
    pausedMs: w.paused,
    targetMs: w.targetMs,
    outcome,
  };
  return { ...base, state: outcome, frozen };
}

/** A clock as kept on the ticket: plain JSON, instants as ISO strings. */
export interface ClockRecord {
  readonly state: ClockState;
  readonly calendar: string;
  readonly targetMs: number;
  /** As of the computation; exact once the clock has stopped. */
  readonly elapsedMs: number;
  readonly pausedMs: number;
  readonly dueAt?: string;
  readonly breachedAt?: string;
  readonly frozen?: FrozenClock;
}

/** What the ticket keeps of its clocks, and what the store's due-time index reads. */
export interface SlaRecord {
  readonly priority: Priority;
  readonly response: ClockRecord;
  readonly resolution: ClockRecord;
  /** When the scheduler must next look at the ticket; absent when nothing is pending. */
  readonly nextDueAt?: string;
}

/** Flattens clocks (and the next wake-up from the escalation plan) into a storable record. */
export function slaRecord(clocks: SlaClocks, nextDueAt?: Date): SlaRecord {
  const record = (clock: SlaClock): ClockRecord => ({
    state: clock.state,
    calendar: clock.calendar,
    targetMs: clock.targetMs,
    elapsedMs: clock.elapsedMs,
    pausedMs: clock.pausedMs,
    ...(clock.dueAt && { dueAt: clock.dueAt.toISOString() }),
    ...(clock.breachedAt && { breachedAt: clock.breachedAt.toISOString() }),
    ...(clock.frozen && { frozen: clock.frozen }),
  });
  return {
    priority: clocks.priority,
    response: record(clocks.response),
    resolution: record(clocks.resolution),
    ...(nextDueAt && { nextDueAt: nextDueAt.toISOString() }),
  };
}
