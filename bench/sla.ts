import os from 'node:os';
import {
  ALWAYS_NAME,
  DEFAULT_CALENDARS,
  addBusinessTime,
  computeClocks,
  defaultSlaPolicy,
  firedKeys,
  planEscalations,
  type BusinessCalendar,
  type Calendars,
  type ClockEvent,
  type SlaPolicy,
} from '../src/sla/index.js';
import { PRIORITIES, type Priority } from '../src/tickets/types.js';
import { medianMs, type BenchResult } from './types.js';

const TICKETS = 100_000;
/** The minute-stepping baseline is thousands of times slower, so it runs on a sample. */
const NAIVE_SAMPLE = 50;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');

interface Synthetic {
  readonly createdAt: string;
  readonly priority: Priority;
  readonly policy: number;
  readonly events: readonly ClockEvent[];
  readonly now: Date;
}

/** A small deterministic generator, so every run measures the same tickets. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Tickets spread over 2026 in three regions, P1 to P4 at 10/20/40/30%, looked at up to five days
 * after creation; most have a reply, some waited on the requester, some are resolved, a few
 * changed priority.
 */
function synthesize(count: number): Synthetic[] {
  const next = random(42);
  const tech = { id: '29:tech' };
  const tickets: Synthetic[] = [];
  for (let i = 0; i < count; i++) {
    const created =
      YEAR_START + Math.floor(next() * 360 * 24) * HOUR + Math.floor(next() * 60) * MINUTE;
    const roll = next();
    const priority: Priority = roll < 0.1 ? 'P1' : roll < 0.3 ? 'P2' : roll < 0.7 ? 'P3' : 'P4';
    const at = (hours: number) => new Date(created + hours * HOUR).toISOString();
    const events: ClockEvent[] = [];
    if (next() < 0.6)
      events.push({ at: at(next() * 6), actor: tech, type: 'message', to: 'requester' });
    if (next() < 0.2) {
      events.push({
        at: at(8),
        actor: tech,
        type: 'state',
        from: 'in_progress',
        to: 'waiting_on_requester',
      });
      events.push({
        at: at(30),
        actor: tech,
        type: 'state',
        from: 'waiting_on_requester',
        to: 'in_progress',
      });
    }
    if (next() < 0.05) {
      const from = PRIORITIES[Math.floor(next() * 4)];
      events.push({ at: at(2), actor: tech, type: 'priority', from, to: priority });
    }
    if (next() < 0.3)
      events.push({ at: at(40), actor: tech, type: 'state', from: 'in_progress', to: 'resolved' });
    const now = new Date(created + next() * 5 * 24 * HOUR);
    tickets.push({
      createdAt: new Date(created).toISOString(),
      priority,
      policy: i % 3,
      events,
      now,
    });
  }
  return tickets;
}

const POLICIES: readonly SlaPolicy[] = ['au-melbourne', 'uk-london', 'us-new-york'].map((c) =>
  defaultSlaPolicy(c, c),
);

/** The same targets with every clock around the clock: plain arithmetic, the floor for a clock. */
function aroundTheClock(policy: SlaPolicy): SlaPolicy {
  const always = (minutes: number) => ({ minutes, calendar: ALWAYS_NAME });
  const targets = Object.fromEntries(
    PRIORITIES.map((p) => {
      const t = policy.targets[p];
      return [
        p,
        { response: always(t.response.minutes), resolution: always(t.resolution.minutes) },
      ];
    }),
  ) as SlaPolicy['targets'];
  return { ...policy, targets };
}

/** Clocks and the scheduler's next due instant for every ticket; returns a checksum. */
function dueTimes(
  tickets: readonly Synthetic[],
  policies: readonly SlaPolicy[],
  calendars: Calendars,
) {
  let checksum = 0;
  for (const ticket of tickets) {
    const clocks = computeClocks(
      ticket,
      ticket.events,
      policies[ticket.policy],
      calendars,
      ticket.now,
    );
    const plan = planEscalations({
      ticket: { state: 'assigned', owner: { id: '29:tech', name: 'Tech' } },
      clocks,
      fired: firedKeys(ticket.events),
      calendars,
      now: ticket.now,
    });
    checksum += (plan.nextAt?.getTime() ?? 0) % 1000;
  }
  return checksum;
}

/**
 * The obvious implementation: walk a minute at a time, asking Intl for the local weekday, date
 * and time of each minute, until enough working minutes have passed.
 */
function naiveAddBusinessTime(calendar: BusinessCalendar, start: Date, ms: number): Date {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: calendar.timeZone,
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const holidays = new Set(calendar.holidays.map((h) => h.date));
  let t = start.getTime();
  let remaining = Math.ceil(ms / MINUTE);
  while (remaining > 0) {
    const parts = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
    const day = parts.weekday.toLowerCase() as keyof typeof calendar.hours;
    const date = `${parts.year}-${parts.month}-${parts.day}`;
    const clock = `${parts.hour}:${parts.minute}`;
    const open = (calendar.hours[day] ?? []).some(
      (r) => clock >= r.slice(0, 5) && clock < r.slice(6),
    );
    if (open && !holidays.has(date)) remaining--;
    t += MINUTE;
  }
  return new Date(t);
}

/** Both business-hours due instants (response and resolution) of a P3 or P4 ticket. */
function businessDue(tickets: readonly Synthetic[], add: typeof addBusinessTime): number {
  let checksum = 0;
  for (const ticket of tickets) {
    const policy = POLICIES[ticket.policy];
    const targets = policy.targets[ticket.priority === 'P4' ? 'P4' : 'P3'];
    const calendar = DEFAULT_CALENDARS[targets.response.calendar];
    const created = new Date(ticket.createdAt);
    checksum += add(calendar, created, targets.response.minutes * MINUTE).getTime() % 1000;
    checksum += add(calendar, created, targets.resolution.minutes * MINUTE).getTime() % 1000;
  }
  return checksum;
}

/** Due times for 100,000 tickets, each beside a baseline from the same run. */
export async function runSlaBenchmark(): Promise<BenchResult[]> {
  const tickets = synthesize(TICKETS);
  const perSecond = (count: number, ms: number) => (count / ms) * 1000;
  const cold = process.hrtime.bigint();
  dueTimes(tickets, POLICIES, DEFAULT_CALENDARS);
  const coldMs = Number(process.hrtime.bigint() - cold) / 1e6;

  const mixed = await medianMs(() => dueTimes(tickets, POLICIES, DEFAULT_CALENDARS), 5, 1);
  const always = await medianMs(() => dueTimes(tickets, POLICIES.map(aroundTheClock), {}), 5, 1);
  const fast = await medianMs(() => businessDue(tickets, addBusinessTime), 5, 1);
  const sample = tickets.slice(0, NAIVE_SAMPLE);
  const naive = await medianMs(() => businessDue(sample, naiveAddBusinessTime), 3, 0);
  const cores = `${os.cpus().length} cores, Node ${process.version}`;
  return [
    {
      name: 'clocks + next due instant, 100k tickets (mixed 24/7 and business hours)',
      unit: 'tickets/s',
      value: perSecond(TICKETS, mixed),
      baseline: 'same tickets, every target 24/7 (plain arithmetic)',
      baselineValue: perSecond(TICKETS, always),
      notes: `median of 5; first (cold-cache) pass ${coldMs.toFixed(0)} ms; ${cores}`,
    },
    {
      name: 'business-hours due instants (response + resolution), 100k tickets',
      unit: 'tickets/s',
      value: perSecond(TICKETS, fast),
      baseline: `naive minute stepping with Intl (${NAIVE_SAMPLE}-ticket sample)`,
      baselineValue: perSecond(NAIVE_SAMPLE, naive),
      notes: `three calendars with holidays; ${cores}`,
    },
  ];
}

if (require.main === module) {
  void runSlaBenchmark().then((results) => {
    for (const r of results) {
      console.log(`${r.name}: ${Math.round(r.value).toLocaleString('en-US')} ${r.unit}`);
      console.log(
        `  baseline, ${r.baseline}: ${Math.round(r.baselineValue).toLocaleString('en-US')} ${r.unit}`,
      );
      if (r.notes) console.log(`  ${r.notes}`);
    }
  });
}
