import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readLabelledCsv } from '../../src/cli/csv.js';
import { isHelpdeskError } from '../../src/errors.js';
import { FeatureEncoder, featuresOf } from '../../src/triage/model/features.js';
import { readLabelledSet } from './labelled-set.js';
import {
  deserializeModel,
  evaluate,
  serializeModel,
  stratifiedSplit,
  trainCategoryModel,
  trainCheckedModel,
  triage,
  type Example,
} from '../../src/triage/index.js';

const csv = readFileSync(path.join(__dirname, '..', 'fixtures', 'triage-tickets.csv'), 'utf8');
const tickets = readLabelledCsv(csv, 'text', 'category');
const { train, test } = stratifiedSplit(tickets, 0.2, 3);

function accuracyOf(examples: readonly Example[]): number {
  const model = trainCategoryModel(examples);
  return evaluate(test, (text) => model.predict(text).label).accuracy;
}

describe('the learned category model', () => {
  const model = trainCategoryModel(train);

  it('learns every label of its training set', () => {
    assert.deepEqual([...model.labels], [...new Set(train.map((e) => e.label))].sort());
  });

  it('beats always guessing the commonest label on held-out tickets by a wide margin', () => {
    const counts = new Map<string, number>();
    for (const e of test) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
    const majority = Math.max(...counts.values()) / test.length;
    const accuracy = evaluate(test, (text) => model.predict(text).label).accuracy;
    assert.ok(accuracy > 0.85 && accuracy > majority + 0.5, `${accuracy} vs ${majority}`);
  });

  it('does better with more history', () => {
    const few = accuracyOf(train.slice(0, 60));
    const all = accuracyOf(train);
    assert.ok(all > few + 0.05, `${few} with 60 examples, ${all} with ${train.length}`);
  });

  it('numbers training features exactly as prediction names them', () => {
    const encoder = new FeatureEncoder();
    for (const { text } of [...train.slice(0, 50), { text: "can't print, but wifi's ok!!" }]) {
      const named = Array.from(encoder.encode(text), (id) => encoder.name(id));
      assert.deepEqual(named, featuresOf(text), text);
    }
  });

  it('gives the same model for the same examples and seed', () => {
    const again = trainCategoryModel(train);
    assert.deepEqual(Array.from(again.weights), Array.from(model.weights));
  });

  it('survives serialization to JSON with the same predictions', () => {
    const restored = deserializeModel(JSON.parse(JSON.stringify(serializeModel(model))));
    let same = 0;
    for (const e of test) {
      const before = model.predict(e.text);
      const after = restored.predict(e.text);
      if (before.label === after.label) same++;
      assert.ok(Math.abs(before.confidence - after.confidence) < 0.05, e.text);
    }
    assert.ok(same / test.length >= 0.99, `${same} of ${test.length} unchanged`);
  });

  it('stays small enough for one store item', () => {
    const bytes = JSON.stringify(serializeModel(model)).length;
    assert.ok(bytes < 1_000_000, `${bytes} bytes`);
  });

  it('refuses a stored value it does not recognise', () => {
    for (const junk of [null, {}, { format: 'helpdesk-triage-category-model', version: 9 }]) {
      assert.throws(
        () => deserializeModel(junk),
        (e) => isHelpdeskError(e, 'bad_request'),
      );
    }
  });

  it('refuses to train on a single label', () => {
    const one = [{ text: 'printer jammed', label: 'printing' }];
    assert.throws(
      () => trainCategoryModel(one),
      (e) => isHelpdeskError(e, 'bad_request'),
    );
  });
});

describe('blending the learned model with the rules', () => {
  // An organisation's own words the rules have never heard of.
  const history: Example[] = [
    ...repeat('kronos will not clock me in', 'software'),
    ...repeat('kronos timesheet screen is blank', 'software'),
    ...repeat('the zebra at packing bench 3 is off', 'printing'),
    ...repeat('zebra labels come out smudged', 'printing'),
    ...repeat('keyboard keys are sticky', 'hardware'),
    ...repeat('my laptop screen is cracked', 'hardware'),
  ];
  const model = trainCategoryModel(history);

  it("learns the organisation's own words", () => {
    assert.equal(triage('kronos is playing up again').category, 'request');
    assert.equal(triage('kronos is playing up again', { model }).category, 'software');
    assert.equal(triage('the zebra is off again', { model }).category, 'printing');
  });

  it('says in the reasons when past tickets decided', () => {
    const reasons = triage('kronos is playing up again', { model }).reasons;
    assert.ok(
      reasons.some((r) => /past tickets say software \(\d+%\)/.test(r)),
      String(reasons),
    );
  });

  it('never moves a report out of the category a safety rule chose', () => {
    const result = triage('my laptop screen is cracked and the laptop was stolen', { model });
    assert.equal(result.category, 'security');
    assert.equal(result.priority, 'P1');
  });

  it('cannot drag the rules down when its accuracy was never proven', () => {
    const unproven = trainCategoryModel(train.slice(0, 40));
    for (const { text } of readLabelledSet('triage-reports.jsonl')) {
      const rules = triage(text);
      if (rules.reasons.some((r) => r.includes('no category words'))) continue;
      assert.equal(triage(text, { model: unproven }).category, rules.category, text);
    }
  });

  it("follows a proven model's house rules over a clear rules verdict", () => {
    // This organisation files Teams call quality under network, whatever the rules think.
    const house: Example[] = [
      ...Array.from({ length: 40 }, (_, i) => ({
        text: `teams call quality bad ${i}`,
        label: 'network',
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        text: `printer out of paper ${i}`,
        label: 'printing',
      })),
    ];
    const { model: proven } = trainCheckedModel(house);
    assert.ok((proven.info.heldOutAccuracy ?? 0) >= 0.8);
    assert.equal(triage('teams call quality is bad').category, 'software');
    assert.equal(triage('teams call quality is bad', { model: proven }).category, 'network');
  });

  it('leaves priority to the rules', () => {
    const text = 'kronos is down for the whole company';
    assert.equal(triage(text, { model }).priority, triage(text).priority);
  });
});

function repeat(text: string, label: string): Example[] {
  return [1, 2, 3].map((n) => ({ text: `${text} ${'again '.repeat(n - 1)}`.trim(), label }));
}
