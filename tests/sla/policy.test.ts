import assert from 'node:assert/strict';
import { isHelpdeskError } from '../../src/errors.js';
import {
  DEFAULT_CALENDARS,
  DEFAULT_SLA_SETTINGS,
  defaultSlaPolicy,
  selectPolicy,
  validateSlaSettings,
  type PolicySubject,
  type SlaSettings,
} from '../../src/sla/index.js';

const HOUR = 60;

describe('the default policy', () => {
  const policy = defaultSlaPolicy();
  // prettier-ignore
  const cases: [string, number, string, number, string][] = [
    ['P1', 15, '24/7', 4 * HOUR, '24/7'],
    ['P2', 30, '24/7', 8 * HOUR, '24/7'],
    ['P3', 4 * HOUR, 'au-melbourne', 3 * 8 * HOUR, 'au-melbourne'],
    ['P4', 8 * HOUR, 'au-melbourne', 5 * 8 * HOUR, 'au-melbourne'],
  ];
  for (const [priority, response, responseCalendar, resolution, resolutionCalendar] of cases) {
    it(`gives ${priority} the issue's targets`, () => {
      const targets = policy.targets[priority as 'P1'];
      assert.deepEqual(targets.response, { minutes: response, calendar: responseCalendar });
      assert.deepEqual(targets.resolution, { minutes: resolution, calendar: resolutionCalendar });
    });
  }

  it('is valid against the default calendars', () => {
    validateSlaSettings(DEFAULT_SLA_SETTINGS, DEFAULT_CALENDARS);
  });

  it('does not count a claim as a response', () => {
    assert.equal(policy.claimCountsAsResponse ?? false, false);
  });
});

describe('selecting a policy', () => {
  const settings: SlaSettings = {
    policies: [
      defaultSlaPolicy('au-melbourne', 'standard'),
      defaultSlaPolicy('uk-london', 'london'),
      defaultSlaPolicy('us-new-york', 'executives'),
      { ...defaultSlaPolicy('us-new-york', 'security'), claimCountsAsResponse: true },
    ],
    rules: [
      { when: { requesterGroups: ['executives'] }, policy: 'executives' },
      { when: { categories: ['security'], priorities: ['P1', 'P2'] }, policy: 'security' },
      { when: { requesterGroups: ['london-office'] }, policy: 'london' },
    ],
    defaultPolicy: 'standard',
  };
  const subject = (extra: Partial<PolicySubject>): PolicySubject => ({
    priority: 'P3',
    category: 'hardware',
    requesterGroups: [],
    ...extra,
  });
  // prettier-ignore
  const cases: [string, PolicySubject, string][] = [
    ['falls back to the default when no rule matches', subject({}), 'standard'],
    ['matches any of the requester groups', subject({ requesterGroups: ['staff', 'executives'] }), 'executives'],
    ['needs every field of a rule to match', subject({ category: 'security', priority: 'P3' }), 'standard'],
    ['matches category and priority together', subject({ category: 'security', priority: 'P1' }), 'security'],
    ['takes the first matching rule', subject({ category: 'security', priority: 'P1', requesterGroups: ['executives'] }), 'executives'],
    ['reaches later rules', subject({ requesterGroups: ['london-office'] }), 'london'],
  ];
  for (const [behaviour, input, expected] of cases) {
    it(behaviour, () => {
      validateSlaSettings(settings, DEFAULT_CALENDARS);
      assert.equal(selectPolicy(settings, input).name, expected);
    });
  }
});

describe('validating SLA settings', () => {
  const standard = defaultSlaPolicy();
  const base: SlaSettings = { policies: [standard], rules: [], defaultPolicy: 'standard' };
  const withTarget = (minutes: number, calendar: string): SlaSettings => ({
    ...base,
    policies: [
      {
        ...standard,
        targets: {
          ...standard.targets,
          P3: { ...standard.targets.P3, response: { minutes, calendar } },
        },
      },
    ],
  });
  // prettier-ignore
  const cases: [string, SlaSettings, RegExp][] = [
    ['a target of zero minutes', withTarget(0, 'au-melbourne'), /response target for P3 in the SLA policy "standard" must be a number of minutes greater than zero/],
    ['an unknown calendar', withTarget(60, 'mars-base'), /uses the calendar "mars-base", which does not exist; known calendars are "24\/7", "au-melbourne"/],
    ['a missing priority', { ...base, policies: [{ ...standard, targets: { ...standard.targets, P4: undefined as never } }] }, /has no targets for P4/],
    ['two policies with one name', { ...base, policies: [standard, standard] }, /two SLA policies called "standard"/],
    ['a default that does not exist', { ...base, defaultPolicy: 'gold' }, /default SLA policy setting refers to the SLA policy "gold", which does not exist/],
    ['a rule naming an unknown policy', { ...base, rules: [{ when: {}, policy: 'gold' }] }, /SLA rule 1 refers to the SLA policy "gold"/],
    ['a rule with an empty list', { ...base, rules: [{ when: { categories: [] }, policy: 'standard' }] }, /SLA rule 1 has an empty "categories" list/],
    ['a rule with an unknown priority', { ...base, rules: [{ when: { priorities: ['P0' as 'P1'] }, policy: 'standard' }] }, /SLA rule 1 names the priority "P0"/],
  ];
  for (const [behaviour, settings, message] of cases) {
    it(`refuses ${behaviour}`, () => {
      assert.throws(
        () => validateSlaSettings(settings, DEFAULT_CALENDARS),
        (error) => isHelpdeskError(error, 'invalid_config') && message.test(error.message),
      );
    });
  }
});
