import type { CategoryModel } from './model/classifier.js';
import { findCategory, type Taxonomy } from './taxonomy.js';

/** The category after weighing the rules' evidence against a learned model. */
export interface BlendedCategory {
  /** A category id of the taxonomy, or a model label the taxonomy does not know. */
  readonly id: string;
  /** Set when the learned model took part, for the reasons. */
  readonly model?: {
    readonly label: string;
    readonly confidence: number;
    readonly decided: boolean;
  };
}

/**
 * How much the rules count against the model. With 0.4, a model overrules a rules verdict
 * that had only one category only when it is more than about 75 % sure.
 */
const RULES_SHARE = 0.4;
/** Below this a model guess is no better than the fallback category. */
const MIN_MODEL_CONFIDENCE = 0.35;

/**
 * Picks the category from rule scores (category id → weight) and, when given, a learned model.
 * Pure: the model's `predict` does no I/O.
 */
export function blendCategory(
  text: string,
  taxonomy: Taxonomy,
  scores: ReadonlyMap<string, number>,
  model: CategoryModel | undefined,
): BlendedCategory {
  const rulesBest = bestOf(scores);
  if (!model) return { id: rulesBest ?? taxonomy.fallback };

  const prediction = model.predict(text);
  const combined = new Map<string, number>();
  const total = [...scores.values()].reduce((a, b) => a + b, 0);
  for (const [id, score] of scores) combined.set(id, (RULES_SHARE * score) / total);
  for (const { label, probability } of prediction.ranked) {
    const id = findCategory(taxonomy, label)?.id ?? label;
    combined.set(id, (combined.get(id) ?? 0) + (1 - RULES_SHARE) * probability);
  }
  const modelId = findCategory(taxonomy, prediction.label)?.id ?? prediction.label;
  const trusted = rulesBest !== undefined || prediction.confidence >= MIN_MODEL_CONFIDENCE;
  const id = trusted ? (bestOf(combined) ?? taxonomy.fallback) : taxonomy.fallback;
  const model_ = { label: prediction.label, confidence: prediction.confidence };
  return { id, model: { ...model_, decided: id === modelId && id !== rulesBest } };
}

/** The highest-scoring key; ties go to the first seen (taxonomy order). */
function bestOf(scores: ReadonlyMap<string, number>): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const [id, score] of scores) {
    if (score > bestScore) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}
