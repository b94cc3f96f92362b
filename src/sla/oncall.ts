import { HelpdeskError } from '../errors.js';
import { TIERS, type Tier } from '../tickets/types.js';
import {
  WEEKDAYS,
  isBusinessTime,
  validateCalendar,
  type BusinessCalendar,
  type Holiday,
  type Weekday,
  type WeeklyHours,
} from './calendar.js';
import {
  DAY_MS,
  MINUTE_MS,
  dayOfWall,
  parseDate,
  parseTime,
  requireTimeZone,
  toWall,
  wallToInstant,
  weekdayOfDay,
} from './zone.js';

export interface Technician {
  /** The Teams user id, as on tickets. */
  readonly id: string;
  readonly name: string;
  readonly tier: Tier;
  readonly timeZone: string;
  /** When the technician works, in their own zone (routing prefers people working now). */
  readonly hours: WeeklyHours;
  /** Days off beside the weekly hours, such as their region's public holidays. */
  readonly holidays?: readonly Holiday[];
}

/**
 * A shift of a rotation. It takes over at `start`, local time, and stays on call until the next
 * shift of its rotation takes over, so a rotation covers every instant with no gap or overlap.
 */
export interface Shift {
  /** Shown to people: "Melbourne", "Night". */
  readonly name: string;
  readonly timeZone: string;
  /** `HH:MM`, local. */
  readonly start: string;
  /** The weekdays on which the shift takes over; every day when absent. */
  readonly days?: readonly Weekday[];
  /** Technician ids taking turns. */
  readonly members: readonly string[];
  /** Members take turns per week (default) or per day. */
  readonly turns?: 'week' | 'day';
  /** `YYYY-MM-DD`: member 0 has the turn that contains this local date (default 2026-01-05). */
  readonly anchor?: string;
}

/** Follow-the-sun or any shift pattern: the shift that took over last is on call. */
export interface ShiftRotation {
  readonly kind: 'shifts';
  readonly tier: Tier;
  readonly shifts: readonly Shift[];
}

/** One technician at a time around the clock, handing over once a week. */
export interface WeeklyRotation {
  readonly kind: 'weekly';
  readonly tier: Tier;
  readonly timeZone: string;
  readonly handover: { readonly day: Weekday; readonly time: string };
  /** `YYYY-MM-DD`: member 0 has the week that contains this local date. */
  readonly anchor: string;
  readonly members: readonly string[];
}

export type Rotation = ShiftRotation | WeeklyRotation;

/** A technician is away in [from, to); whoever is next in their shift covers. */
export interface LeaveOverride {
  readonly kind: 'leave';
  readonly technicianId: string;
  readonly from: string;
  readonly to: string;
  readonly note?: string;
}

/**
 * `technicianId` is on call for `tier` in [from, to), in place of `replaces` when given (only
 * while that person has the turn) or of whoever has it. The last matching swap listed wins.
 */
export interface SwapOverride {
  readonly kind: 'swap';
  readonly tier: Tier;
  readonly technicianId: string;
  readonly replaces?: string;
  readonly from: string;
  readonly to: string;
  readonly note?: string;
}

export type Override = LeaveOverride | SwapOverride;

export interface OnCallSchedule {
  readonly technicians: readonly Technician[];
  /** At most one rotation per tier. */
  readonly rotations: readonly Rotation[];
  readonly overrides: readonly Override[];
}

export type OnCallAnswer =
  | {
      readonly kind: 'technician';
      readonly tier: Tier;
      readonly technician: Technician;
      readonly shift: string;
      /** The answer holds at least until this instant (a handover or an override edge). */
      readonly until: Date;
      /** Why this person: their turn, a swap, or cover for someone on leave. */
      readonly reason: string;
    }
  | {
      readonly kind: 'nobody';
      readonly tier: Tier;
      readonly reason: string;
      readonly until?: Date;
    };

export interface Assignee {
  readonly technician: Technician;
  readonly working: boolean;
  readonly onCall: boolean;
}

/** Questions about who is on call and who is working, at any instant. */
export interface OnCall {
  /** Exactly one answer per tier and instant; handovers are half-open: the new shift owns them. */
  onCallAt(tier: Tier, instant: Date): OnCallAnswer;
  /** Every tier's answer at `instant`, for the admins' "who is on call" command. */
  onCallByTier(instant: Date): readonly OnCallAnswer[];
  /**
   * Technicians of `tier` who are working and not on leave, the on-call one first, then in
   * roster order; the on-call technician comes last when they are not working now.
   */
  preferredAssignees(tier: Tier, instant: Date): readonly Assignee[];
  isWorking(technicianId: string, instant: Date): boolean;
}

interface CompiledShift {
  readonly name: string;
  readonly timeZone: string;
  readonly start: number;
  readonly days: ReadonlySet<number>;
  readonly members: readonly string[];
  readonly turnDays: number;
  readonly anchorDay: number;
}

interface Range {
  readonly from: number;
  readonly to: number;
}

interface CompiledSwap extends Range {
  readonly tier: Tier;
  readonly technicianId: string;
  readonly replaces?: string;
}

interface Compiled {
  readonly technicians: ReadonlyMap<string, Technician>;
  readonly hours: ReadonlyMap<string, BusinessCalendar>;
  readonly rotations: ReadonlyMap<Tier, readonly CompiledShift[]>;
  readonly leave: ReadonlyMap<string, readonly Range[]>;
  readonly swaps: readonly CompiledSwap[];
  readonly edges: readonly number[];
}

const DEFAULT_ANCHOR = '2026-01-05';

/** Checks `schedule` (throws `invalid_config` naming the bad entry) and answers questions on it. */
export function createOnCall(schedule: OnCallSchedule): OnCall {
  const c = compile(schedule);
  const onCallAt = (tier: Tier, instant: Date) => answer(c, tier, instant.getTime());
  return {
    onCallAt,
    onCallByTier: (instant) => TIERS.map((tier) => onCallAt(tier, instant)),
    preferredAssignees: (tier, instant) => assignees(c, tier, instant, onCallAt(tier, instant)),
    isWorking: (id, instant) => working(c, requireTechnician(c, id, 'isWorking'), instant),
  };
}

function answer(c: Compiled, tier: Tier, t: number): OnCallAnswer {
  const shifts = c.rotations.get(tier);
  if (!shifts)
    return { kind: 'nobody', tier, reason: `No on-call rotation is set up for ${tier}.` };
  const turn = currentTurn(shifts, t);
  const until = new Date(Math.min(turn.until, ...c.edges.filter((edge) => edge > t)));
  const { shift } = turn;
  const scheduled = shift.members[turn.index];
  let chosen = scheduled;
  let reason = `${nameOf(c, scheduled)} has the ${shift.name} turn.`;
  for (const swap of c.swaps) {
    if (swap.tier !== tier || !within(swap, t)) continue;
    if (swap.replaces !== undefined && swap.replaces !== scheduled) continue;
    chosen = swap.technicianId;
    reason = `${nameOf(c, chosen)} swapped in for ${nameOf(c, scheduled)} (${shift.name} turn).`;
  }
  if (onLeave(c, chosen, t)) {
    const cover = nextAvailable(c, shift, turn.index, chosen, t);
    if (cover === undefined) {
      const who = nameOf(c, chosen);
      return {
        kind: 'nobody',
        tier,
        until,
        reason: `${who} is on leave and no other member of the ${shift.name} shift is available.`,
      };
    }
    reason = `${nameOf(c, chosen)} is on leave; ${nameOf(c, cover)} covers the ${shift.name} turn.`;
    chosen = cover;
  }
  const technician = requireTechnician(c, chosen, `The ${tier} rotation`);
  return { kind: 'technician', tier, technician, shift: shift.name, until, reason };
}

/** The shift that took over last at `t`, whose member has the turn, and the next handover. */
function currentTurn(shifts: readonly CompiledShift[], t: number) {
  let shift = shifts[0];
  let last = lastStart(shift, t);
  let until = Infinity;
  for (const candidate of shifts) {
    const start = lastStart(candidate, t);
    if (start.at > last.at) [shift, last] = [candidate, start];
    until = Math.min(until, nextStart(candidate, t));
  }
  const turn = Math.floor((last.day - shift.anchorDay) / shift.turnDays);
  const size = shift.members.length;
  return { shift, index: ((turn % size) + size) % size, until };
}

/** The latest take-over of `shift` at or before `t`, and its local day. */
function lastStart(shift: CompiledShift, t: number): { at: number; day: number } {
  const today = dayOfWall(toWall(shift.timeZone, t));
  for (let day = today; day >= today - 8; day--) {
    if (!shift.days.has(weekdayOfDay(day))) continue;
    const at = wallToInstant(shift.timeZone, day * DAY_MS + shift.start * MINUTE_MS);
    if (at <= t) return { at, day };
  }
  // Unreachable for a validated shift, which takes over on at least one weekday.
  throw invalid(`The ${shift.name} shift has no take-over in the week before ${new Date(t)}.`);
}

/** The first take-over of `shift` after `t`. */
function nextStart(shift: CompiledShift, t: number): number {
  const today = dayOfWall(toWall(shift.timeZone, t));
  for (let day = today; day <= today + 8; day++) {
    if (!shift.days.has(weekdayOfDay(day))) continue;
    const at = wallToInstant(shift.timeZone, day * DAY_MS + shift.start * MINUTE_MS);
    if (at > t) return at;
  }
  return Infinity;
}

/** Members of `shift` in turn order from the scheduled one, skipping `absent` and anyone away. */
function nextAvailable(
  c: Compiled,
  shift: CompiledShift,
  index: number,
  absent: string,
  t: number,
): string | undefined {
  const size = shift.members.length;
  for (let step = 0; step < size; step++) {
    const id = shift.members[(index + step) % size];
    if (id !== absent && !onLeave(c, id, t)) return id;
  }
  return undefined;
}

function assignees(c: Compiled, tier: Tier, instant: Date, now: OnCallAnswer): Assignee[] {
  const onCallId = now.kind === 'technician' ? now.technician.id : undefined;
  const t = instant.getTime();
  const result: Assignee[] = [];
  for (const technician of c.technicians.values()) {
    if (technician.tier !== tier || onLeave(c, technician.id, t)) continue;
    if (!working(c, technician, instant)) continue;
    result.push({ technician, working: true, onCall: technician.id === onCallId });
  }
  result.sort((a, b) => Number(b.onCall) - Number(a.onCall));
  if (now.kind === 'technician' && !result.some((a) => a.onCall)) {
    result.push({ technician: now.technician, working: false, onCall: true });
  }
  return result;
}

function working(c: Compiled, technician: Technician, instant: Date): boolean {
  const hours = c.hours.get(technician.id);
  return hours !== undefined && isBusinessTime(hours, instant);
}

function onLeave(c: Compiled, id: string, t: number): boolean {
  return c.leave.get(id)?.some((range) => within(range, t)) ?? false;
}

function within(range: Range, t: number): boolean {
  return t >= range.from && t < range.to;
}

function nameOf(c: Compiled, id: string): string {
  return c.technicians.get(id)?.name ?? id;
}

function requireTechnician(c: Compiled, id: string, where: string): Technician {
  const technician = c.technicians.get(id);
  if (!technician)
    throw invalid(`${where} names the technician "${id}", who is not on the roster.`);
  return technician;
}

function compile(schedule: OnCallSchedule): Compiled {
  const technicians = new Map<string, Technician>();
  const hours = new Map<string, BusinessCalendar>();
  for (const technician of schedule.technicians) {
    if (technicians.has(technician.id)) {
      throw invalid(`The technician "${technician.id}" is on the roster twice; list them once.`);
    }
    if (!TIERS.includes(technician.tier)) {
      throw invalid(`${technician.name} has the tier "${technician.tier}"; use L1, L2 or L3.`);
    }
    technicians.set(technician.id, technician);
    const calendar: BusinessCalendar = {
      name: `working hours of ${technician.name}`,
      timeZone: technician.timeZone,
      hours: technician.hours,
      holidays: technician.holidays ?? [],
    };
    hours.set(technician.id, validateCalendar(calendar));
  }
  const c = { technicians, hours, rotations: new Map<Tier, CompiledShift[]>() };
  for (const rotation of schedule.rotations) {
    if (c.rotations.has(rotation.tier)) {
      throw invalid(`There are two on-call rotations for ${rotation.tier}; keep one.`);
    }
    c.rotations.set(rotation.tier, compileRotation(c.technicians, rotation));
  }
  const leave = new Map<string, Range[]>();
  const swaps: CompiledSwap[] = [];
  const edges: number[] = [];
  schedule.overrides.forEach((override, index) => {
    const range = compileOverride(c.technicians, override, index + 1);
    edges.push(range.from, range.to);
    if (override.kind === 'swap') {
      const { tier, technicianId, replaces } = override;
      swaps.push({ tier, technicianId, replaces, ...range });
    } else leave.set(override.technicianId, [...(leave.get(override.technicianId) ?? []), range]);
  });
  return { ...c, leave, swaps, edges };
}

function compileRotation(
  technicians: ReadonlyMap<string, Technician>,
  rotation: Rotation,
): CompiledShift[] {
  const shifts: readonly Shift[] =
    rotation.kind === 'weekly'
      ? [
          {
            name: `${rotation.tier} weekly`,
            timeZone: rotation.timeZone,
            start: rotation.handover.time,
            days: [rotation.handover.day],
            members: rotation.members,
            anchor: rotation.anchor,
          },
        ]
      : rotation.shifts;
  if (shifts.length === 0) throw invalid(`The ${rotation.tier} rotation has no shifts; add one.`);
  return shifts.map((shift) => compileShift(technicians, shift, `The ${rotation.tier} rotation`));
}

function compileShift(
  technicians: ReadonlyMap<string, Technician>,
  shift: Shift,
  rotation: string,
): CompiledShift {
  const where = `${rotation}'s shift "${shift.name}"`;
  requireTimeZone(shift.timeZone, where);
  const start = parseTime(shift.start);
  if (start === undefined || start === 1440) {
    throw invalid(`${where} starts at "${shift.start}"; give a local time like "08:00".`);
  }
  const days = shift.days ?? WEEKDAYS;
  const unknownDay = days.find((day) => !WEEKDAYS.includes(day));
  if (days.length === 0 || unknownDay !== undefined) {
    throw invalid(`${where} needs take-over days among ${WEEKDAYS.join(', ')}.`);
  }
  if (shift.members.length === 0) throw invalid(`${where} has no members; add a technician.`);
  const stranger = shift.members.find((id) => !technicians.has(id));
  if (stranger !== undefined) {
    throw invalid(`${where} lists "${stranger}", who is not on the technician roster.`);
  }
  const anchorDay = parseDate(shift.anchor ?? DEFAULT_ANCHOR);
  if (anchorDay === undefined) {
    throw invalid(`${where} has the anchor "${shift.anchor}"; give a date like 2026-01-05.`);
  }
  return {
    name: shift.name,
    timeZone: shift.timeZone,
    start,
    days: new Set(days.map((day) => WEEKDAYS.indexOf(day))),
    members: shift.members,
    turnDays: shift.turns === 'day' ? 1 : 7,
    anchorDay,
  };
}

function compileOverride(
  technicians: ReadonlyMap<string, Technician>,
  override: Override,
  position: number,
): Range {
  const where = `Override ${position} (${override.kind})`;
  const from = Date.parse(override.from);
  const to = Date.parse(override.to);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
    throw invalid(
      `${where} needs ISO instants "from" before "to"; got ${override.from} and ${override.to}.`,
    );
  }
  for (const id of [
    override.technicianId,
    override.kind === 'swap' ? override.replaces : undefined,
  ]) {
    if (id !== undefined && !technicians.has(id)) {
      throw invalid(`${where} names "${id}", who is not on the technician roster.`);
    }
  }
  if (override.kind === 'swap' && !TIERS.includes(override.tier)) {
    throw invalid(`${where} is for the tier "${override.tier}"; use L1, L2 or L3.`);
  }
  return { from, to };
}

function invalid(message: string): HelpdeskError {
  return new HelpdeskError('invalid_config', message);
}
