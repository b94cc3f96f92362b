import assert from 'node:assert/strict';
import {
  DEFAULT_CALENDARS,
  computeClocks,
  defaultSlaPolicy,
  slaRecord,
  type ClockEvent,
  type ClockState,
  type SlaPolicy,
} from '../../src/sla/index.js';
import type { Priority } from '../../src/tickets/types.js';
import { HOUR, MINUTE, SYSTEM_ACTOR, TECH, fakeClock, on } from './support.js';

// Tuesday 10 March 2026, 09:00 in Melbourne: a working day with no holiday near.
const clock = fakeClock('2026-03-10T09:00:00+11:00');
const { at, iso } = clock;
const POLICY = defaultSlaPolicy('au-melbourne');

function clocksFor(
  priority: Priority,
  events: readonly ClockEvent[],
  nowMinutes: number,
  policy: SlaPolicy = POLICY,
) {
  const ticket = { createdAt: clock.origin.toISOString(), priority };
  return computeClocks(ticket, events, policy, DEFAULT_CALENDARS, at(nowMinutes));
}

interface Expect {
  readonly state: ClockState;
  readonly elapsed: number;
  readonly paused?: number;
  /** Due instant in minutes after the origin; null when there must be none. */
  readonly due?: number | null;
  readonly breachedAt?: number;
}

function check(actual: ReturnType<typeof clocksFor>['response'], expected: Expect) {
  assert.equal(actual.state, expected.state, 'state');
  assert.equal(actual.elapsedMs, expected.elapsed, 'elapsed');
  if (expected.paused !== undefined) assert.equal(actual.pausedMs, expected.paused, 'paused');
  if (expected.due === null) assert.equal(actual.dueAt, undefined, 'no due instant');
  else if (expected.due !== undefined)
    assert.equal(actual.dueAt?.getTime(), at(expected.due).getTime(), 'due');
  if (expected.breachedAt !== undefined) {
    assert.equal(actual.breachedAt?.getTime(), at(expected.breachedAt).getTime(), 'breachedAt');
  }
}

describe('the first-response clock', () => {
  // prettier-ignore
  const cases: [string, Priority, ClockEvent[], number, Expect][] = [
    ['runs toward its target until someone replies', 'P1', [], 10, { state: 'running', elapsed: 10 * MINUTE, due: 15 }],
    ['is met by a technician replying to the requester', 'P1', [on.reply(iso(12))], 30, { state: 'met', elapsed: 12 * MINUTE, due: null }],
    ['is breached by a reply after the target', 'P1', [on.reply(iso(20))], 30, { state: 'breached', elapsed: 20 * MINUTE, breachedAt: 15 }],
    ['stays running, overdue, when nobody replies', 'P1', [], 40, { state: 'running', elapsed: 40 * MINUTE, due: 15, breachedAt: 15 }],
    ['ignores a reply written by the system', 'P1', [{ at: iso(5), actor: SYSTEM_ACTOR, type: 'message', to: 'requester' }], 10, { state: 'running', elapsed: 10 * MINUTE }],
    ['ignores a message to the channel', 'P1', [{ at: iso(5), actor: TECH, type: 'message', to: 'channel' }], 10, { state: 'running', elapsed: 10 * MINUTE }],
    ['is not met by a claim alone', 'P1', [on.claim(iso(5))], 10, { state: 'running', elapsed: 10 * MINUTE }],
    ['is not paused while waiting on the requester', 'P2', [on.state(iso(5), 'assigned', 'waiting_on_requester')], 20, { state: 'running', elapsed: 20 * MINUTE }],
    ['is stopped by resolving, which tells the requester', 'P2', [on.state(iso(25), 'in_progress', 'resolved')], 60, { state: 'met', elapsed: 25 * MINUTE }],
    ['is cancelled with the ticket', 'P2', [on.state(iso(10), 'triaged', 'cancelled')], 60, { state: 'cancelled', elapsed: 10 * MINUTE }],
    ['ignores events after now', 'P1', [on.reply(iso(12))], 10, { state: 'running', elapsed: 10 * MINUTE }],
    ['counts only business hours for P3', 'P3', [], 9 * 60, { state: 'running', elapsed: 8 * HOUR, due: 4 * 60, breachedAt: 4 * 60 }],
  ];
  for (const [behaviour, priority, events, now, expected] of cases) {
    it(behaviour, () => check(clocksFor(priority, events, now).response, expected));
  }

  it('is met by a claim when the policy says so', () => {
    const policy = { ...POLICY, claimCountsAsResponse: true };
    check(clocksFor('P1', [on.claim(iso(5))], 10, policy).response, {
      state: 'met',
      elapsed: 5 * MINUTE,
    });
  });

  it('freezes its figures when it stops', () => {
    const { response } = clocksFor('P1', [on.reply(iso(20))], 90);
    assert.deepEqual(response.frozen, {
      stoppedAt: iso(20),
      elapsedMs: 20 * MINUTE,
      pausedMs: 0,
      targetMs: 15 * MINUTE,
      outcome: 'breached',
    });
  });
});

describe('the resolution clock', () => {
  const wait = (m: number) => on.state(iso(m), 'in_progress', 'waiting_on_requester');
  const answer = (m: number) => on.state(iso(m), 'waiting_on_requester', 'in_progress');
  const resolve = (m: number) => on.state(iso(m), 'in_progress', 'resolved');
  const reopen = (m: number) => on.state(iso(m), 'resolved', 'in_progress');
  const close = (m: number) => on.state(iso(m), 'resolved', 'closed');
  // prettier-ignore
  const cases: [string, Priority, ClockEvent[], number, Expect][] = [
    ['runs around the clock for P2', 'P2', [], 60, { state: 'running', elapsed: HOUR, due: 8 * 60 }],
    ['pauses while waiting on the requester', 'P2', [wait(60)], 180, { state: 'paused', elapsed: HOUR, paused: 2 * HOUR, due: null }],
    ['resumes, due later by the pause', 'P2', [wait(60), answer(180)], 240, { state: 'running', elapsed: 2 * HOUR, paused: 2 * HOUR, due: 10 * 60 }],
    ['counts several pauses', 'P2', [wait(60), answer(90), wait(120), answer(150)], 240, { state: 'running', elapsed: 3 * HOUR, paused: HOUR, due: 9 * 60 }],
    ['is met when resolved within target', 'P2', [resolve(5 * 60)], 600, { state: 'met', elapsed: 5 * HOUR, due: null }],
    ['is breached when resolved late', 'P1', [resolve(5 * 60)], 600, { state: 'breached', elapsed: 5 * HOUR, breachedAt: 4 * 60 }],
    ['keeps the resolve instant when the ticket is closed', 'P2', [resolve(60), close(120)], 600, { state: 'met', elapsed: HOUR }],
    ['runs on from its frozen figure when reopened', 'P2', [resolve(5 * 60), reopen(7 * 60)], 8 * 60, { state: 'running', elapsed: 6 * HOUR, due: 10 * 60 }],
    ['stays breached in the past when reopened after a breach', 'P1', [resolve(5 * 60), reopen(6 * 60)], 7 * 60, { state: 'running', elapsed: 6 * HOUR, due: 4 * 60, breachedAt: 4 * 60 }],
    ['is cancelled with the ticket', 'P2', [on.state(iso(30), 'triaged', 'cancelled')], 600, { state: 'cancelled', elapsed: 30 * MINUTE }],
    ['counts pauses in business time for P3', 'P3', [wait(60), answer(2 * 24 * 60)], 2 * 24 * 60 + 60, { state: 'running', elapsed: 2 * HOUR, paused: 15 * HOUR }],
  ];
  for (const [behaviour, priority, events, now, expected] of cases) {
    it(behaviour, () => check(clocksFor(priority, events, now).resolution, expected));
  }

  it('is due after three business days for P3, skipping the weekend', () => {
    // Created Tuesday 09:00: 24 business hours end at Thursday 17:00.
    const { resolution } = clocksFor('P3', [], 0);
    assert.equal(resolution.dueAt?.toISOString(), new Date('2026-03-12T17:00+11:00').toISOString());
  });

  it('freezes elapsed, paused and target figures when resolved', () => {
    const { resolution } = clocksFor('P2', [wait(60), answer(120), resolve(180)], 600);
    assert.deepEqual(resolution.frozen, {
      stoppedAt: iso(180),
      elapsedMs: 2 * HOUR,
      pausedMs: HOUR,
      targetMs: 8 * HOUR,
      outcome: 'met',
    });
  });
});

describe('changing the priority', () => {
  it('applies the new targets from creation: a P3 found to be an outage is already late', () => {
    const events = [on.priority(iso(120), 'P3', 'P1')];
    const { priority, response, resolution } = clocksFor('P1', events, 120);
    assert.equal(priority, 'P1');
    check(response, { state: 'running', elapsed: 2 * HOUR, due: 15, breachedAt: 15 });
    check(resolution, { state: 'running', elapsed: 2 * HOUR, due: 4 * 60 });
    assert.equal(response.calendar, '24/7');
  });

  it('judges a stopped clock again by the new targets', () => {
    // Answered after 20 minutes: met for a P3, breached once the ticket is a P1.
    const before = clocksFor('P3', [on.reply(iso(20))], 30);
    const after = clocksFor('P1', [on.reply(iso(20)), on.priority(iso(30), 'P3', 'P1')], 30);
    assert.equal(before.response.state, 'met');
    assert.equal(after.response.state, 'breached');
  });

  it('gives a downgraded ticket the longer business-hours targets from creation', () => {
    const events = [on.priority(iso(10), 'P1', 'P4')];
    const { priority, response } = clocksFor('P4', events, 10 * 60);
    assert.equal(priority, 'P4');
    // One business day, all of Tuesday: exactly on target at 17:00 and not yet over it.
    check(response, { state: 'running', elapsed: 8 * HOUR, due: 8 * 60 });
    assert.equal(response.overdue, false);
    assert.equal(response.calendar, 'au-melbourne');
  });

  it('uses the priority of its time when replaying the past', () => {
    const events = [on.priority(iso(120), 'P3', 'P1')];
    assert.equal(clocksFor('P1', events, 60).priority, 'P3');
  });
});

describe('keeping the clocks on the ticket', () => {
  it('stores plain JSON: ISO instants, frozen figures and the next wake-up', () => {
    const clocks = clocksFor('P2', [on.reply(iso(10))], 60);
    const record = slaRecord(clocks, at(240));
    assert.deepEqual(JSON.parse(JSON.stringify(record)), record);
    assert.equal(record.response.state, 'met');
    assert.equal(record.response.frozen?.elapsedMs, 10 * MINUTE);
    assert.equal(record.resolution.dueAt, iso(8 * 60));
    assert.equal(record.nextDueAt, iso(240));
  });
});
