import assert from 'node:assert/strict';
import { isHelpdeskError } from '../../src/errors.js';
import {
  createOnCall,
  type OnCallSchedule,
  type Override,
  type Technician,
  type WeeklyHours,
} from '../../src/sla/index.js';
import type { Tier } from '../../src/tickets/types.js';

const WEEKDAYS_8_TO_17: WeeklyHours = {
  mon: ['08:00-17:00'],
  tue: ['08:00-17:00'],
  wed: ['08:00-17:00'],
  thu: ['08:00-17:00'],
  fri: ['08:00-17:00'],
};

function tech(id: string, tier: Tier, timeZone: string): Technician {
  return { id, name: id, tier, timeZone, hours: WEEKDAYS_8_TO_17 };
}

const TECHNICIANS = [
  tech('mel1', 'L2', 'Australia/Melbourne'),
  tech('mel2', 'L2', 'Australia/Melbourne'),
  tech('lon1', 'L2', 'Europe/London'),
  tech('ny1', 'L2', 'America/New_York'),
  tech('l3a', 'L3', 'Australia/Melbourne'),
  tech('l3b', 'L3', 'Europe/London'),
];

/** L2 follows the sun from 08:00 local in each city; L3 hands over weekly on Monday 09:00. */
function schedule(overrides: readonly Override[] = []): OnCallSchedule {
  return {
    technicians: TECHNICIANS,
    rotations: [
      {
        kind: 'shifts',
        tier: 'L2',
        shifts: [
          {
            name: 'Melbourne',
            timeZone: 'Australia/Melbourne',
            start: '08:00',
            members: ['mel1', 'mel2'],
          },
          { name: 'London', timeZone: 'Europe/London', start: '08:00', members: ['lon1'] },
          { name: 'New York', timeZone: 'America/New_York', start: '08:00', members: ['ny1'] },
        ],
      },
      {
        kind: 'weekly',
        tier: 'L3',
        timeZone: 'Australia/Melbourne',
        handover: { day: 'mon', time: '09:00' },
        anchor: '2026-01-05',
        members: ['l3a', 'l3b'],
      },
    ],
    overrides,
  };
}

function who(tier: Tier, instant: string, overrides: readonly Override[] = []): string {
  const answer = createOnCall(schedule(overrides)).onCallAt(tier, new Date(instant));
  return answer.kind === 'technician' ? answer.technician.id : 'nobody';
}

describe('following the sun', () => {
  // January: Melbourne UTC+11, London UTC+0, New York UTC-5. The L2 shifts take over at 21:00,
  // 08:00 and 13:00 UTC; in the week of 5 January it is mel1's Melbourne turn.
  // prettier-ignore
  const cases: [string, string, string][] = [
    ['Melbourne has the night in London', '2026-01-06T03:00:00Z', 'mel1'],
    ['Melbourne keeps it to the last millisecond before London', '2026-01-06T07:59:59.999Z', 'mel1'],
    ['London owns its handover instant', '2026-01-06T08:00:00Z', 'lon1'],
    ['New York takes over at 08:00 in New York', '2026-01-06T13:00:00Z', 'ny1'],
    ['Melbourne takes over at 08:00 in Melbourne', '2026-01-06T21:00:00Z', 'mel1'],
    ['the next Melbourne member has the next week', '2026-01-12T21:00:00Z', 'mel2'],
    ['the turn changes with the Melbourne week, not the UTC one', '2026-01-11T21:00:00Z', 'mel2'],
    // 10 March: New York is on daylight time, London not yet, Melbourne still.
    ['New York takes over an hour earlier after its clocks go forward', '2026-03-10T12:00:00Z', 'ny1'],
    ['London still has the hour before', '2026-03-10T11:59:59Z', 'lon1'],
    // July: Melbourne UTC+10, London UTC+1, New York UTC-4.
    ['London takes over at 07:00 UTC in summer', '2026-07-07T07:00:00Z', 'lon1'],
    ['Melbourne takes over at 22:00 UTC in its winter', '2026-07-07T22:00:00Z', 'mel1'],
    ['New York keeps it until then', '2026-07-07T21:59:59.999Z', 'ny1'],
  ];
  for (const [behaviour, instant, expected] of cases) {
    it(behaviour, () => assert.equal(who('L2', instant), expected));
  }

  it('has exactly one technician at every minute of a week, changing only at handovers', () => {
    const onCall = createOnCall(schedule());
    const start = Date.parse('2026-03-23T00:00:00Z'); // London and Melbourne change clocks this fortnight
    let previous = '';
    let changes = 0;
    for (let t = start; t < start + 14 * 86_400_000; t += 60_000) {
      const answer = onCall.onCallAt('L2', new Date(t));
      assert.equal(answer.kind, 'technician', new Date(t).toISOString());
      if (answer.kind !== 'technician') return;
      const current = `${answer.shift}:${answer.technician.id}`;
      if (current !== previous) changes++;
      previous = current;
      assert.ok(answer.until.getTime() > t, 'until is in the future');
    }
    assert.equal(changes, 14 * 3 + 1);
  });

  it('says until when the answer holds: the next handover', () => {
    const answer = createOnCall(schedule()).onCallAt('L2', new Date('2026-01-06T09:30:00Z'));
    assert.equal(
      answer.kind === 'technician' && answer.until.toISOString(),
      '2026-01-06T13:00:00.000Z',
    );
  });
});

describe('a weekly rotation', () => {
  // prettier-ignore
  const cases: [string, string, string][] = [
    ['keeps the first member in the anchor week', '2026-01-07T12:00:00Z', 'l3a'],
    ['hands over on Monday at 09:00 in Melbourne', '2026-01-11T22:00:00Z', 'l3b'],
    ['not a millisecond before', '2026-01-11T21:59:59.999Z', 'l3a'],
    // Melbourne leaves daylight saving on 5 April: the handover of 6 April is at 23:00 UTC.
    ['hands over at 09:00 local after daylight saving ends', '2026-04-05T23:00:00Z', 'l3b'],
    ['an hour later in UTC than the week before', '2026-04-05T22:59:59.999Z', 'l3a'],
  ];
  for (const [behaviour, instant, expected] of cases) {
    it(behaviour, () => assert.equal(who('L3', instant), expected));
  }
});

describe('overrides', () => {
  const night = '2026-01-06T03:00:00Z'; // mel1's Melbourne turn
  const leave = (
    id: string,
    from = '2026-01-05T00:00:00Z',
    to = '2026-01-09T00:00:00Z',
  ): Override => ({
    kind: 'leave',
    technicianId: id,
    from,
    to,
  });
  // prettier-ignore
  const cases: [string, Override[], string, string][] = [
    ['a technician on leave is covered by the next member of the shift', [leave('mel1')], night, 'mel2'],
    ['leave ends at its end instant (half-open)', [leave('mel1', '2026-01-05T00:00:00Z', night)], night, 'mel1'],
    ['a swap puts someone else on call', [{ kind: 'swap', tier: 'L2', technicianId: 'lon1', replaces: 'mel1', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }], night, 'lon1'],
    ['a swap for someone else does not apply', [{ kind: 'swap', tier: 'L2', technicianId: 'lon1', replaces: 'mel2', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }], night, 'mel1'],
    ['a swap without a name replaces whoever has the turn', [{ kind: 'swap', tier: 'L2', technicianId: 'ny1', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }], night, 'ny1'],
    ['a swap starts at its start instant', [{ kind: 'swap', tier: 'L2', technicianId: 'ny1', from: night, to: '2026-01-07T00:00:00Z' }], night, 'ny1'],
    ['the last swap listed wins', [{ kind: 'swap', tier: 'L2', technicianId: 'ny1', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }, { kind: 'swap', tier: 'L2', technicianId: 'lon1', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }], night, 'lon1'],
    ['a swapped-in technician on leave falls back to the rotation', [{ kind: 'swap', tier: 'L2', technicianId: 'mel2', from: '2026-01-06T00:00:00Z', to: '2026-01-07T00:00:00Z' }, leave('mel2')], night, 'mel1'],
    ['nobody when the whole shift is away', [leave('mel1'), leave('mel2')], night, 'nobody'],
  ];
  for (const [behaviour, overrides, instant, expected] of cases) {
    it(behaviour, () => assert.equal(who('L2', instant, overrides), expected));
  }

  it('explains cover and absence in a sentence', () => {
    const onCall = createOnCall(schedule([leave('mel1')]));
    const covered = onCall.onCallAt('L2', new Date(night));
    assert.match(covered.reason, /mel1 is on leave; mel2 covers the Melbourne turn/);
    const empty = createOnCall(schedule([leave('mel1'), leave('mel2')])).onCallAt(
      'L2',
      new Date(night),
    );
    assert.match(empty.reason, /no other member of the Melbourne shift is available/);
    assert.match(
      onCall.onCallAt('L1', new Date(night)).reason,
      /No on-call rotation is set up for L1/,
    );
  });

  it('ends the answer at the next override edge', () => {
    const onCall = createOnCall(
      schedule([leave('mel1', '2026-01-06T04:00:00Z', '2026-01-06T05:00:00Z')]),
    );
    const answer = onCall.onCallAt('L2', new Date(night));
    assert.equal(
      answer.kind === 'technician' && answer.until.toISOString(),
      '2026-01-06T04:00:00.000Z',
    );
  });

  it('answers for every tier at once for the admin command', () => {
    const answers = createOnCall(schedule()).onCallByTier(new Date(night));
    assert.deepEqual(
      answers.map((a) => [a.tier, a.kind === 'technician' ? a.technician.id : a.kind]),
      [
        ['L1', 'nobody'],
        ['L2', 'mel1'],
        ['L3', 'l3a'],
      ],
    );
  });
});

describe('routing to technicians working now', () => {
  // prettier-ignore
  const cases: [string, string, Override[], [string, boolean, boolean][]][] = [
    // Tuesday 13 January, 10:00 in Melbourne: both Melbourne L2s work; mel2 has the turn.
    ['puts the on-call technician first, then others working now', '2026-01-12T23:00:00Z', [], [['mel2', true, true], ['mel1', true, false]]],
    ['leaves out people on leave', '2026-01-12T23:00:00Z', [{ kind: 'leave', technicianId: 'mel1', from: '2026-01-12T00:00:00Z', to: '2026-01-14T00:00:00Z' }], [['mel2', true, true]]],
    // Tuesday 13 January, 15:00 UTC: London and New York both work; New York has the turn.
    ['follows the working day across zones', '2026-01-13T15:00:00Z', [], [['ny1', true, true], ['lon1', true, false]]],
    // Saturday: nobody works, so only the on-call technician is offered.
    ['offers only the on-call technician at the weekend', '2026-01-10T03:00:00Z', [], [['mel1', false, true]]],
  ];
  for (const [behaviour, instant, overrides, expected] of cases) {
    it(behaviour, () => {
      const found = createOnCall(schedule(overrides)).preferredAssignees('L2', new Date(instant));
      assert.deepEqual(
        found.map((a) => [a.technician.id, a.working, a.onCall]),
        expected,
      );
    });
  }

  it('tells whether one technician is working', () => {
    const onCall = createOnCall(schedule());
    assert.equal(onCall.isWorking('lon1', new Date('2026-07-07T07:00:00Z')), true); // 08:00 BST
    assert.equal(onCall.isWorking('lon1', new Date('2026-07-07T06:59:00Z')), false);
  });
});

describe('validating an on-call schedule', () => {
  const base = schedule();
  // prettier-ignore
  const cases: [string, OnCallSchedule, RegExp][] = [
    ['a member who is not on the roster', { ...base, rotations: [{ kind: 'shifts', tier: 'L1', shifts: [{ name: 'Day', timeZone: 'UTC', start: '08:00', members: ['ghost'] }] }] }, /"ghost", who is not on the technician roster/],
    ['two rotations for one tier', { ...base, rotations: [...base.rotations, base.rotations[0]] }, /two on-call rotations for L2/],
    ['a shift in an unknown zone', { ...base, rotations: [{ kind: 'shifts', tier: 'L1', shifts: [{ name: 'Day', timeZone: 'Mars/Olympus', start: '08:00', members: ['mel1'] }] }] }, /"Mars\/Olympus"/],
    ['a shift that starts at no time', { ...base, rotations: [{ kind: 'shifts', tier: 'L1', shifts: [{ name: 'Day', timeZone: 'UTC', start: '8am', members: ['mel1'] }] }] }, /starts at "8am"/],
    ['an override that ends before it starts', schedule([{ kind: 'leave', technicianId: 'mel1', from: '2026-01-07T00:00:00Z', to: '2026-01-06T00:00:00Z' }]), /"from" before "to"/],
    ['a technician listed twice', { ...base, technicians: [...TECHNICIANS, TECHNICIANS[0]] }, /"mel1" is on the roster twice/],
  ];
  for (const [behaviour, bad, message] of cases) {
    it(`refuses ${behaviour}`, () => {
      assert.throws(
        () => createOnCall(bad),
        (error) => isHelpdeskError(error, 'invalid_config') && message.test(error.message),
      );
    });
  }
});
