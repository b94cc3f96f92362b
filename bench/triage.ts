/**
 * Triage throughput on one core, reports per second, side by side in one run:
 *   - the rules engine against a naive keyword matcher (substring search for the taxonomy's
 *     words, no scope, urgency, negation or spelling), the cheapest thing that could be called
 *     triage;
 *   - the rules with the learned model blended in against the rules alone.
 * Run alone: npx tsx bench/triage.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readLabelledCsv } from '../src/cli/csv.js';
import {
  DEFAULT_TAXONOMY,
  trainCategoryModel,
  triage,
  type CategoryModel,
} from '../src/triage/index.js';
import type { BenchResult } from './types.js';

const FIXTURES = path.join(__dirname, '..', 'tests', 'fixtures');
/** Unmeasured running first: the JIT, the compiled phrase tables and the spelling cache. */
const WARM_UP_MS = 1000;
/** Long enough that timer resolution does not matter. */
const MEASURE_MS = 2000;

function reports(): string[] {
  return ['triage-reports.jsonl', 'triage-reports-holdout.jsonl'].flatMap((name) =>
    readFileSync(path.join(FIXTURES, name), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { text: string }).text),
  );
}

/** The baseline: first category whose word appears in the lower-cased text. */
function keywordMatcher(): (text: string) => string {
  const words = DEFAULT_TAXONOMY.categories.flatMap((c) =>
    c.cues.flatMap((g) => g.phrases.map((p) => [p.toLowerCase(), c.name] as const)),
  );
  return (text) => {
    const lower = text.toLowerCase();
    return words.find(([word]) => lower.includes(word))?.[1] ?? 'request';
  };
}

/** Reports per second of `fn` over `texts`, cycling until {@link MEASURE_MS} have passed. */
function throughput(texts: readonly string[], fn: (text: string) => unknown): number {
  const warm = performance.now();
  while (performance.now() - warm < WARM_UP_MS) for (const text of texts) fn(text);
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < MEASURE_MS) {
    for (const text of texts) fn(text);
    done += texts.length;
  }
  return done / ((performance.now() - start) / 1000);
}

function trainedModel(): { model: CategoryModel; trainMs: number; examples: number } {
  const csv = readFileSync(path.join(FIXTURES, 'triage-tickets.csv'), 'utf8');
  const examples = readLabelledCsv(csv, 'text', 'category');
  const model = trainCategoryModel(examples);
  return { model, trainMs: model.info.trainMs, examples: examples.length };
}

/** The triage figures for `npm run bench`. */
export async function runTriageBenchmark(): Promise<BenchResult[]> {
  const texts = reports();
  const trained = trainedModel();
  const keyword = keywordMatcher();
  const rules = throughput(texts, (t) => triage(t));
  const baseline = throughput(texts, keyword);
  const blended = throughput(texts, (t) => triage(t, { model: trained.model }));
  const notes = `${texts.length} labelled chat reports, one core`;
  return [
    {
      name: 'triage, rules engine',
      unit: 'reports/s',
      value: rules,
      baseline: 'naive keyword matcher',
      baselineValue: baseline,
      notes,
    },
    {
      name: 'triage, rules + learned model',
      unit: 'reports/s',
      value: blended,
      baseline: 'rules engine alone',
      baselineValue: rules,
      notes: `${notes}; model trained on ${trained.examples} tickets in ${trained.trainMs} ms`,
    },
  ];
}

if (require.main === module) {
  void runTriageBenchmark().then((results) => {
    for (const r of results) {
      const value = Math.round(r.value).toLocaleString('en-US');
      const base = Math.round(r.baselineValue).toLocaleString('en-US');
      console.log(`${r.name}: ${value} ${r.unit} (${r.baseline}: ${base}); ${r.notes ?? ''}`);
    }
  });
}
