import { HelpdeskError } from '../../errors.js';
import { LinearCategoryModel, scores, softmax } from './classifier.js';
import { FeatureEncoder } from './features.js';
import { seededRandom, shuffled } from './random.js';
import { fitVectorizer, type SparseVector } from './vectorizer.js';

/** A labelled text. `weight` counts it more than once (a technician's correction, say). */
export interface Example {
  readonly text: string;
  readonly label: string;
  readonly weight?: number;
}

export interface TrainingOptions {
  /** Passes over the examples; by default enough for about 300,000 updates, from 6 to 20. */
  readonly epochs?: number;
  readonly learningRate?: number;
  /** L2 penalty per update; keeps rare words from dominating. */
  readonly l2?: number;
  readonly maxFeatures?: number;
  readonly minDocuments?: number;
  readonly seed?: number;
}

const DEFAULTS: Omit<Required<TrainingOptions>, 'epochs'> = {
  learningRate: 0.8,
  l2: 1e-5,
  maxFeatures: 30_000,
  minDocuments: 2,
  seed: 1,
};

/**
 * Trains the category model by stochastic gradient descent on the softmax loss. Deterministic
 * for a given seed. Throws `bad_request` with fewer than two labels or no usable example.
 */
export function trainCategoryModel(
  examples: readonly Example[],
  options: TrainingOptions = {},
): LinearCategoryModel {
  const epochs = options.epochs ?? defaultEpochs(examples.length);
  const settings = { ...DEFAULTS, ...options, epochs };
  const started = performance.now();
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw tooLittle(`found ${labels.length} label(s)`);

  const encoder = new FeatureEncoder();
  const documents = examples.map((e) => encoder.encode(e.text));
  const encoded = { documents, size: encoder.size, name: (id: number) => encoder.name(id) };
  const minDocuments = examples.length < 200 ? 1 : settings.minDocuments;
  const { vectorizer, vectors } = fitVectorizer(encoded, { ...settings, minDocuments });
  if (vectorizer.idf.length === 0) throw tooLittle('no words were left to learn from');

  const rows = examples.map((e, i) => ({
    x: vectors[i]!,
    y: labels.indexOf(e.label),
    weight: e.weight ?? 1,
  }));
  const k = labels.length;
  const weights = new Float32Array(vectorizer.idf.length * k);
  const bias = new Float32Array(k);
  descend(rows, weights, bias, settings);

  const info = {
    trainedAt: new Date().toISOString(),
    examples: examples.length,
    trainMs: Math.round(performance.now() - started),
  };
  return new LinearCategoryModel(labels, vectorizer, weights, bias, info);
}

/** Small sets need many passes to converge; large ones get there in few. */
function defaultEpochs(examples: number): number {
  return Math.min(20, Math.max(6, Math.ceil(UPDATES_BUDGET / Math.max(1, examples))));
}
const UPDATES_BUDGET = 300_000;

interface Row {
  readonly x: SparseVector;
  readonly y: number;
  readonly weight: number;
}

function descend(
  rows: readonly Row[],
  weights: Float32Array,
  bias: Float32Array,
  settings: Required<TrainingOptions>,
): void {
  const random = seededRandom(settings.seed);
  const k = bias.length;
  const buffer = new Float64Array(k);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const rate = settings.learningRate / (1 + epoch);
    for (const row of shuffled(rows, random)) {
      const p = softmax(scores(weights, bias, row.x, buffer));
      p[row.y]! -= 1;
      step(weights, bias, row, p, rate * row.weight, settings.l2, k);
    }
  }
}

/** One gradient step on the features the example has (lazy, sparse L2). */
function step(
  weights: Float32Array,
  bias: Float32Array,
  row: Row,
  gradient: Float64Array,
  rate: number,
  l2: number,
  k: number,
): void {
  const shrink = 1 - rate * l2;
  for (let n = 0; n < row.x.indices.length; n++) {
    const base = row.x.indices[n]! * k;
    const value = row.x.values[n]!;
    for (let c = 0; c < k; c++) {
      weights[base + c] = weights[base + c]! * shrink - rate * gradient[c]! * value;
    }
  }
  for (let c = 0; c < k; c++) bias[c]! -= rate * gradient[c]!;
}

function tooLittle(detail: string): HelpdeskError {
  return new HelpdeskError(
    'bad_request',
    `The category model needs labelled examples of at least two categories (${detail}); ` +
      'add more labelled tickets and train again.',
  );
}
