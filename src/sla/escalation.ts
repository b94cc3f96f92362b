import { HelpdeskError } from '../errors.js';
import { isOpen } from '../tickets/lifecycle.js';
import {
  SYSTEM,
  TIERS,
  type Priority,
  type Ticket,
  type TicketEvent,
  type Tier,
} from '../tickets/types.js';
import { addBusinessTime, findCalendar, type Calendars } from './calendar.js';
import type { ClockEvent, ClockName, SlaClock, SlaClocks } from './clocks.js';

/**
 * What a firing asks the integration to do: tell the owner; tell the tier's lead; move the
 * ticket to the next tier and page its on-call technician; or page the on-call technician.
 */
export type EscalationAction =
  'notify-owner' | 'notify-tier-lead' | 'escalate-and-page' | 'page-on-call';

/** Fires once a clock has used `percent` of its target (100 is the breach itself). */
export interface EscalationLevel {
  readonly percent: number;
  readonly action: EscalationAction;
  /** The clocks the level watches; both when absent. */
  readonly clocks?: readonly ClockName[];
}

/** 50% tells the owner, 75% the tier lead, and the breach escalates and pages. */
export const DEFAULT_LEVELS: readonly EscalationLevel[] = [
  { percent: 50, action: 'notify-owner' },
  { percent: 75, action: 'notify-tier-lead' },
  { percent: 100, action: 'escalate-and-page' },
];

/** Priorities whose unclaimed tickets page the on-call technician at once, at any hour. */
export const DEFAULT_PAGE_UNCLAIMED: readonly Priority[] = ['P1', 'P2'];

/** The event type that records a firing; its `to` is the firing's key. */
export const SLA_EVENT_TYPE = 'sla' satisfies TicketEvent['type'];

/** The key of the unclaimed-ticket page. Level keys are `response:75`, `resolution:100`. */
export const UNCLAIMED_KEY = 'unclaimed:page';

export interface Firing {
  /** `response:75`, `resolution:100` or `unclaimed:page`: recorded so it never fires again. */
  readonly key: string;
  readonly clock: ClockName | 'unclaimed';
  /** Absent for the unclaimed page. */
  readonly percent?: number;
  readonly action: EscalationAction;
  /**
   * True when a higher level of the same clock fires in the same batch (after downtime or a
   * retroactive priority change): record it, but act only on the highest.
   */
  readonly superseded: boolean;
}

export interface EscalationPlan {
  /** What to fire now, lowest level first. */
  readonly fire: readonly Firing[];
  /**
   * The next instant at which a level becomes due if nothing changes on the ticket; absent when
   * nothing is pending. Recompute after every change to the ticket.
   */
  readonly nextAt?: Date;
}

export interface EscalationInput {
  /** The ticket as it is now: its state and owner decide the unclaimed page. */
  readonly ticket: Pick<Ticket, 'state' | 'owner'>;
  readonly clocks: SlaClocks;
  /** Keys already fired, from the ticket's `sla` events (see {@link firedKeys}). */
  readonly fired: ReadonlySet<string>;
  readonly calendars: Calendars;
  readonly now: Date;
  readonly levels?: readonly EscalationLevel[];
  readonly pageUnclaimed?: readonly Priority[];
}

/** The key recorded for a level of a clock, e.g. `response:75`. */
export function levelKey(clock: ClockName, percent: number): string {
  return `${clock}:${percent}`;
}

/** The keys already fired, read from a ticket's `sla` events. */
export function firedKeys(events: readonly ClockEvent[]): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if (event.type === SLA_EVENT_TYPE && event.to) keys.add(event.to);
  }
  return keys;
}

/** The event that records `firing` on a ticket (actor: the system). */
export function firingEvent(ticketId: string, firing: Firing, now: Date): TicketEvent {
  const what = firing.percent === undefined ? 'unclaimed' : `${firing.percent}% of target`;
  return {
    ticketId,
    at: now.toISOString(),
    actor: SYSTEM,
    type: SLA_EVENT_TYPE,
    to: firing.key,
    note: `${firing.clock} ${what}: ${firing.action}${firing.superseded ? ' (superseded)' : ''}`,
  };
}

/**
 * The levels that are due and not yet fired, and when the next one will be. A level fires when
 * its clock is live (running or paused) and has used at least its share of the target; a
 * stopped clock fires nothing more. Keys already fired never fire again, whatever happens to the
 * priority or the clocks later.
 */
export function planEscalations(input: EscalationInput): EscalationPlan {
  const levels = input.levels ?? DEFAULT_LEVELS;
  const fire: Firing[] = [];
  let nextAt: number | undefined;
  if (shouldPageUnclaimed(input)) {
    fire.push({
      key: UNCLAIMED_KEY,
      clock: 'unclaimed',
      action: 'page-on-call',
      superseded: false,
    });
  }
  for (const clock of [input.clocks.response, input.clocks.resolution]) {
    if (clock.state !== 'running' && clock.state !== 'paused') continue;
    const due: Firing[] = [];
    for (const level of sortedLevels(levels, clock.name)) {
      const key = levelKey(clock.name, level.percent);
      if (input.fired.has(key)) continue;
      const threshold = (clock.targetMs * level.percent) / 100;
      if (clock.elapsedMs >= threshold) {
        due.push({
          key,
          clock: clock.name,
          percent: level.percent,
          action: level.action,
          superseded: false,
        });
      } else if (clock.state === 'running') {
        const at = levelDueAt(clock, threshold, input);
        if (nextAt === undefined || at < nextAt) nextAt = at;
      }
    }
    due.forEach((firing, i) => fire.push({ ...firing, superseded: i < due.length - 1 }));
  }
  return { fire, nextAt: nextAt === undefined ? undefined : new Date(nextAt) };
}

function shouldPageUnclaimed(input: EscalationInput): boolean {
  const priorities = input.pageUnclaimed ?? DEFAULT_PAGE_UNCLAIMED;
  return (
    priorities.includes(input.clocks.priority) &&
    input.ticket.owner === undefined &&
    isOpen(input.ticket.state) &&
    !input.fired.has(UNCLAIMED_KEY)
  );
}

function sortedLevels(levels: readonly EscalationLevel[], clock: ClockName): EscalationLevel[] {
  return levels
    .filter((level) => !level.clocks || level.clocks.includes(clock))
    .sort((a, b) => a.percent - b.percent);
}

/** A running clock reaches `threshold` after the working time still missing, counted from now. */
function levelDueAt(clock: SlaClock, threshold: number, input: EscalationInput): number {
  const calendar = findCalendar(input.calendars, clock.calendar, `The ${clock.name} clock`);
  return addBusinessTime(calendar, input.now, threshold - clock.elapsedMs).getTime();
}

/** Checks escalation levels and returns them; throws `invalid_config` naming the bad level. */
export function validateLevels(levels: readonly EscalationLevel[]): readonly EscalationLevel[] {
  const seen = new Set<string>();
  levels.forEach((level, index) => {
    const where = `Escalation level ${index + 1}`;
    if (!Number.isFinite(level.percent) || level.percent <= 0 || level.percent > 1000) {
      throw invalid(`${where} must be a percent of the target above 0 and at most 1000.`);
    }
    if (!ACTIONS.includes(level.action)) {
      throw invalid(`${where} has the action "${level.action}"; use one of ${ACTIONS.join(', ')}.`);
    }
    for (const clock of level.clocks ?? (['response', 'resolution'] as const)) {
      if (clock !== 'response' && clock !== 'resolution') {
        throw invalid(`${where} watches the clock "${clock}"; use response or resolution.`);
      }
      const key = levelKey(clock, level.percent);
      if (seen.has(key)) throw invalid(`${where} repeats ${level.percent}% of the ${clock} clock.`);
      seen.add(key);
    }
  });
  return levels;
}

const ACTIONS: readonly EscalationAction[] = [
  'notify-owner',
  'notify-tier-lead',
  'escalate-and-page',
  'page-on-call',
];

/** The tier a breach escalates to, or undefined from the top tier. */
export function nextTier(tier: Tier): Tier | undefined {
  return TIERS[TIERS.indexOf(tier) + 1];
}

function invalid(message: string): HelpdeskError {
  return new HelpdeskError('invalid_config', message);
}
