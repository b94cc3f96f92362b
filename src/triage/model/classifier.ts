import type { SparseVector, Vectorizer } from './vectorizer.js';
import { vectorize } from './vectorizer.js';
import { featuresOf } from './features.js';

/** How sure a model is of each label for one text. */
export interface CategoryPrediction {
  readonly label: string;
  readonly confidence: number;
  /** Every label with its probability, most likely first. */
  readonly ranked: readonly { readonly label: string; readonly probability: number }[];
}

/** A text classifier for categories, learned from labelled tickets. */
export interface CategoryModel {
  readonly labels: readonly string[];
  /** What is known of how it learned; its held-out accuracy decides how far it is trusted. */
  readonly info?: ModelInfo;
  predict(text: string): CategoryPrediction;
}

/** When, and from how much, a model learned. */
export interface ModelInfo {
  readonly trainedAt: string;
  readonly examples: number;
  readonly trainMs: number;
  /** Accuracy on tickets held out from training, when a check was run. */
  readonly heldOutAccuracy?: number;
}

/**
 * Multinomial logistic regression over TF-IDF word and word-pair features. Weights are laid
 * out feature by feature (`weights[column * labels + k]`) so a sparse text touches few cache
 * lines.
 */
export class LinearCategoryModel implements CategoryModel {
  constructor(
    readonly labels: readonly string[],
    readonly vectorizer: Vectorizer,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
    readonly info: ModelInfo,
  ) {}

  predict(text: string): CategoryPrediction {
    const probabilities = this.probabilities(vectorize(this.vectorizer, featuresOf(text)));
    const ranked = this.labels
      .map((label, k) => ({ label, probability: probabilities[k]! }))
      .sort((a, b) => b.probability - a.probability);
    return { label: ranked[0]!.label, confidence: ranked[0]!.probability, ranked };
  }

  /** Softmax of the class scores for a vector. */
  probabilities(x: SparseVector): Float64Array {
    return softmax(scores(this.weights, this.bias, x));
  }
}

/** Raw class scores, bias plus the weighted features, written into `out` (no allocation). */
export function scores(
  weights: Float32Array,
  bias: Float32Array,
  x: SparseVector,
  out: Float64Array = new Float64Array(bias.length),
): Float64Array {
  const k = bias.length;
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (let n = 0; n < x.indices.length; n++) {
    const row = x.indices[n]! * k;
    const value = x.values[n]!;
    for (let c = 0; c < k; c++) out[c]! += weights[row + c]! * value;
  }
  return out;
}

/** Turns scores into probabilities, in place, without overflow. */
export function softmax(values: Float64Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.exp(values[i]! - max);
    sum += values[i]!;
  }
  for (let i = 0; i < values.length; i++) values[i]! /= sum;
  return values;
}
