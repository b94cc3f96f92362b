import assert from 'node:assert/strict';
import { isHelpdeskError } from '../../src/errors.js';
import {
  customizeTaxonomy,
  DEFAULT_CATEGORIES,
  DEFAULT_TAXONOMY,
  DEFAULT_TIER_RULES,
  tierOf,
  triage,
  type TaxonomyChanges,
  type TierRules,
} from '../../src/triage/index.js';

describe('the taxonomy admins can change', () => {
  it('starts with the nine default categories', () => {
    assert.deepEqual(DEFAULT_CATEGORIES, [
      'access',
      'hardware',
      'software',
      'network',
      'email',
      'printing',
      'security',
      'infrastructure',
      'request',
    ]);
  });

  it('renames a category and keeps its words and safety rules', () => {
    const taxonomy = customizeTaxonomy(DEFAULT_TAXONOMY, {
      rename: { printing: 'printers & scanners', security: 'cyber' },
    });
    assert.equal(triage('printer jammed', { taxonomy }).category, 'printers & scanners');
    const stolen = triage('laptop stolen', { taxonomy });
    assert.deepEqual([stolen.category, stolen.priority, stolen.tier], ['cyber', 'P1', 'L3']);
  });

  it('adds a category with its own words', () => {
    const taxonomy = customizeTaxonomy(DEFAULT_TAXONOMY, {
      add: [
        {
          id: 'telephony',
          name: 'telephony',
          cues: [{ weight: 3, phrases: ['softphone', 'extension'] }],
        },
      ],
    });
    assert.equal(triage('my softphone has no dial tone', { taxonomy }).category, 'telephony');
    assert.equal(triage('my softphone has no dial tone').category, 'request');
  });

  it('extends a category with more words, misspellings included', () => {
    const taxonomy = customizeTaxonomy(DEFAULT_TAXONOMY, {
      extend: { software: [{ weight: 3, phrases: ['kronos'] }] },
    });
    assert.equal(triage('kronos keeps logging me out', { taxonomy }).category, 'software');
    assert.equal(triage('kornos keeps logging me out', { taxonomy }).category, 'software');
  });

  it('refuses changes that name unknown categories or clash', () => {
    const bad: TaxonomyChanges[] = [
      { rename: { printers: 'x' } },
      { extend: { nope: [] } },
      { rename: { printing: 'network' } },
      { add: [{ id: 'email', name: 'mail 2', cues: [] }] },
    ];
    for (const changes of bad) {
      assert.throws(
        () => customizeTaxonomy(DEFAULT_TAXONOMY, changes),
        (e) => isHelpdeskError(e, 'invalid_config'),
        JSON.stringify(changes),
      );
    }
  });
});

describe('tier rules admins can change', () => {
  it('uses the first rule that holds', () => {
    const tiers: TierRules = {
      fallback: 'L2',
      rules: [{ tier: 'L3', categories: ['printing'], why: 'printers are outsourced' }],
    };
    const result = triage('printer jammed', { tiers });
    assert.equal(result.tier, 'L3');
    assert.ok(result.reasons.includes('tier L3: printers are outsourced'));
    assert.equal(triage('mouse broken', { tiers }).tier, 'L2');
  });

  it('puts security incidents and company-wide outages at L3 by default', () => {
    assert.equal(DEFAULT_TIER_RULES.rules[0]?.tier, 'L3');
    assert.equal(triage('the whole company has no email').tier, 'L3');
  });
});

describe('the tier of a changed proposal', () => {
  const cases: readonly [string, 'P1' | 'P2' | 'P3' | 'P4', string][] = [
    ['security', 'P1', 'L3'],
    ['security', 'P3', 'L2'],
    ['infrastructure', 'P4', 'L3'],
    ['printing', 'P1', 'L3'],
    ['network', 'P2', 'L2'],
    ['hardware', 'P3', 'L1'],
    ['something new', 'P4', 'L1'],
  ];
  for (const [category, priority, tier] of cases) {
    it(`puts ${category} at ${priority} in ${tier}`, () => {
      assert.equal(tierOf(category, priority), tier);
    });
  }
});
