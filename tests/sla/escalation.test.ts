import assert from 'node:assert/strict';
import { isHelpdeskError } from '../../src/errors.js';
import {
  DEFAULT_CALENDARS,
  computeClocks,
  defaultSlaPolicy,
  firedKeys,
  firingEvent,
  nextTier,
  planEscalations,
  validateLevels,
  type ClockEvent,
  type EscalationLevel,
} from '../../src/sla/index.js';
import type { Priority, Ticket } from '../../src/tickets/types.js';
import { MINUTE, TECH, fakeClock, on } from './support.js';

const POLICY = defaultSlaPolicy('au-melbourne');

interface Fired {
  readonly minute: number;
  readonly key: string;
  readonly superseded: boolean;
}

/**
 * A ticket under a scheduler that wakes at the given minutes: each wake computes the clocks from
 * the events so far, fires what is due, and writes each firing back as an `sla` event, exactly as
 * the integration will.
 */
function simulate(options: {
  readonly origin: string;
  readonly priority: Priority;
  readonly ticket?: Partial<Pick<Ticket, 'state' | 'owner'>>;
  readonly events?: readonly ClockEvent[];
  readonly levels?: readonly EscalationLevel[];
}) {
  const clock = fakeClock(options.origin);
  const ticket = {
    createdAt: clock.origin.toISOString(),
    priority: options.priority,
    state: options.ticket?.state ?? 'assigned',
    owner: 'owner' in (options.ticket ?? {}) ? options.ticket?.owner : TECH,
  } as const;
  const events: ClockEvent[] = [...(options.events ?? [])];
  const fired: Fired[] = [];
  const wake = (minute: number) => {
    const now = clock.at(minute);
    const clocks = computeClocks(ticket, events, POLICY, DEFAULT_CALENDARS, now);
    const plan = planEscalations({
      ticket,
      clocks,
      fired: firedKeys(events),
      calendars: DEFAULT_CALENDARS,
      now,
      levels: options.levels,
    });
    for (const firing of plan.fire) {
      events.push(firingEvent('HD-1', firing, now));
      fired.push({ minute, key: firing.key, superseded: firing.superseded });
    }
    return plan.nextAt === undefined
      ? undefined
      : (plan.nextAt.getTime() - clock.origin.getTime()) / MINUTE;
  };
  return { wake, fired, clock };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('escalation levels', () => {
  const origin = '2026-03-10T09:00:00+11:00';
  const expected = [
    ['response:50', 15],
    ['response:75', 22.5],
    ['response:100', 30],
    ['resolution:50', 240],
    ['resolution:75', 360],
    ['resolution:100', 480],
  ] as const;

  it('fires each level exactly once when woken every minute', () => {
    const run = simulate({ origin, priority: 'P2' });
    for (const minute of range(0, 12 * 60)) run.wake(minute);
    assert.deepEqual(
      run.fired,
      expected.map(([key, minute]) => ({ key, minute: Math.ceil(minute), superseded: false })),
    );
  });

  it('tells the scheduler the exact instant of each next level', () => {
    const run = simulate({ origin, priority: 'P2' });
    const wakes: number[] = [];
    for (let minute: number | undefined = 0; minute !== undefined; minute = run.wake(minute)) {
      wakes.push(minute);
    }
    assert.deepEqual(wakes, [0, ...expected.map(([, minute]) => minute)]);
    assert.equal(run.fired.length, expected.length);
  });

  it('fires what became due while the scheduler was down, once, acting on the highest', () => {
    const run = simulate({ origin, priority: 'P2' });
    for (const minute of range(0, 10)) run.wake(minute);
    // Down from minute 11 to minute 300; on restart it catches up, then carries on.
    for (const minute of range(300, 12 * 60)) run.wake(minute);
    assert.deepEqual(run.fired, [
      { minute: 300, key: 'response:50', superseded: true },
      { minute: 300, key: 'response:75', superseded: true },
      { minute: 300, key: 'response:100', superseded: false },
      { minute: 300, key: 'resolution:50', superseded: false },
      { minute: 360, key: 'resolution:75', superseded: false },
      { minute: 480, key: 'resolution:100', superseded: false },
    ]);
  });

  it('catches up a retroactive upgrade to P1 at once', () => {
    const clock = fakeClock(origin);
    const run = simulate({
      origin,
      priority: 'P1',
      events: [on.priority(clock.iso(60), 'P3', 'P1')],
    });
    const next = run.wake(60);
    assert.deepEqual(
      run.fired.map((f) => [f.key, f.superseded]),
      [
        ['response:50', true],
        ['response:75', true],
        ['response:100', false],
      ],
    );
    assert.equal(next, 120, 'resolution reaches 50% of four hours at two hours');
  });

  it('waits for business hours before warning on a P3', () => {
    // Friday 16:00: half of four business hours is reached at 10:00 on Monday.
    const run = simulate({ origin: '2026-03-13T16:00:00+11:00', priority: 'P3' });
    const next = run.wake(0);
    assert.equal(next, (2 * 24 + 18) * 60);
  });

  it('fires nothing for clocks that stopped while the scheduler was down', () => {
    const clock = fakeClock(origin);
    const run = simulate({
      origin,
      priority: 'P1',
      events: [on.state(clock.iso(300), 'in_progress', 'resolved')],
    });
    assert.equal(run.wake(400), undefined);
    assert.deepEqual(run.fired, []);
  });

  it('sets no wake-up while the resolution clock is paused', () => {
    const clock = fakeClock(origin);
    const run = simulate({
      origin,
      priority: 'P2',
      events: [
        on.reply(clock.iso(5)),
        on.state(clock.iso(60), 'in_progress', 'waiting_on_requester'),
      ],
    });
    assert.equal(run.wake(600), undefined);
    assert.deepEqual(run.fired, []);
  });

  it('still fires a level a paused clock crossed before it paused', () => {
    const clock = fakeClock(origin);
    const run = simulate({
      origin,
      priority: 'P2',
      events: [
        on.reply(clock.iso(5)),
        on.state(clock.iso(300), 'in_progress', 'waiting_on_requester'),
      ],
    });
    run.wake(400);
    run.wake(401);
    assert.deepEqual(run.fired, [{ minute: 400, key: 'resolution:50', superseded: false }]);
  });

  it('watches only the clocks a level names', () => {
    const levels: EscalationLevel[] = [
      { percent: 100, action: 'escalate-and-page', clocks: ['resolution'] },
    ];
    const run = simulate({ origin, priority: 'P2', levels });
    for (const minute of range(0, 9 * 60)) run.wake(minute);
    assert.deepEqual(run.fired, [{ minute: 480, key: 'resolution:100', superseded: false }]);
  });
});

describe('paging for unclaimed urgent tickets', () => {
  // 03:00 on a Sunday in Melbourne.
  const origin = '2026-03-15T03:00:00+11:00';
  const unclaimed = { state: 'triaged', owner: undefined } as const;
  // prettier-ignore
  const cases: [string, Priority, Partial<Pick<Ticket, 'state' | 'owner'>>, string[]][] = [
    ['pages at once for an unclaimed P1, at any hour', 'P1', unclaimed, ['unclaimed:page']],
    ['pages at once for an unclaimed P2', 'P2', unclaimed, ['unclaimed:page']],
    ['does not page for an unclaimed P3', 'P3', unclaimed, []],
    ['does not page for a claimed P1', 'P1', { state: 'assigned', owner: TECH }, []],
    ['does not page for a cancelled P1', 'P1', { state: 'cancelled', owner: undefined }, []],
  ];
  for (const [behaviour, priority, ticket, keys] of cases) {
    it(behaviour, () => {
      const run = simulate({ origin, priority, ticket });
      run.wake(0);
      run.wake(1);
      assert.deepEqual(
        run.fired.filter((f) => f.key.startsWith('unclaimed')).map((f) => f.key),
        keys,
      );
    });
  }
});

describe('recording a firing', () => {
  it('writes a system sla event whose key the next plan reads back', () => {
    const now = new Date('2026-03-10T09:15:00+11:00');
    const event = firingEvent(
      'HD-7',
      {
        key: 'response:50',
        clock: 'response',
        percent: 50,
        action: 'notify-owner',
        superseded: false,
      },
      now,
    );
    assert.equal(event.type, 'sla');
    assert.equal(event.to, 'response:50');
    assert.equal(event.actor.id, 'system');
    assert.equal(event.at, now.toISOString());
    assert.deepEqual([...firedKeys([event])], ['response:50']);
  });

  it('escalates L1 to L2 to L3, and no further', () => {
    assert.deepEqual([nextTier('L1'), nextTier('L2'), nextTier('L3')], ['L2', 'L3', undefined]);
  });
});

describe('validating escalation levels', () => {
  // prettier-ignore
  const cases: [string, EscalationLevel[], RegExp][] = [
    ['a percent of zero', [{ percent: 0, action: 'notify-owner' }], /above 0/],
    ['an unknown action', [{ percent: 50, action: 'email' as 'notify-owner' }], /"email"/],
    ['the same level twice', [{ percent: 50, action: 'notify-owner' }, { percent: 50, action: 'notify-tier-lead', clocks: ['response'] }], /repeats 50%/],
  ];
  for (const [behaviour, levels, message] of cases) {
    it(`refuses ${behaviour}`, () => {
      assert.throws(
        () => validateLevels(levels),
        (error) => isHelpdeskError(error, 'invalid_config') && message.test(error.message),
      );
    });
  }
});
