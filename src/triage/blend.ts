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

/** Below this a model guess is no better than the fallback category. */
const MIN_CONFIDENCE = 0.35;
/** A rules verdict is clear when its best score is at least this many times the runner-up's. */
const CLEAR_MARGIN = 2;
/** A model overrules a clear rules verdict only this sure, and only when proven on held-out tickets. */
const OVERRULE_CONFIDENCE = 0.9;
const TRUSTED_ACCURACY = 0.8;

/**
 * Picks the category from rule scores (category id → weight, in tie-break order) and, when
 * given, a learned model. Any model decides when no cue matched. A model whose held-out
 * accuracy was measured and is good also settles close calls between the rules' candidates and
 * overrules a clear rules verdict when it is very sure. A model trained on a few tickets, or on
 * another organisation's, cannot drag the rules down.
 */
export function blendCategory(
  text: string,
  taxonomy: Taxonomy,
  scores: ReadonlyMap<string, number>,
  model: CategoryModel | undefined,
): BlendedCategory {
  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  const rulesBest = ranked[0]?.[0];
  if (!model) return { id: rulesBest ?? taxonomy.fallback };

  const prediction = model.predict(text);
  const idOf = (label: string) => findCategory(taxonomy, label)?.id ?? label;
  const modelId = idOf(prediction.label);
  const id = choose(ranked, modelId, prediction.confidence, model, taxonomy, idOf, prediction);
  const decided = id === modelId && id !== rulesBest;
  return { id, model: { label: prediction.label, confidence: prediction.confidence, decided } };
}

function choose(
  ranked: readonly (readonly [string, number])[],
  modelId: string,
  confidence: number,
  model: CategoryModel,
  taxonomy: Taxonomy,
  idOf: (label: string) => string,
  prediction: ReturnType<CategoryModel['predict']>,
): string {
  const [best, second] = ranked;
  if (!best) return confidence >= MIN_CONFIDENCE ? modelId : taxonomy.fallback;
  const trusted = (model.info?.heldOutAccuracy ?? 0) >= TRUSTED_ACCURACY;
  if (!trusted) return best[0];
  const clear = !second || best[1] >= CLEAR_MARGIN * second[1];
  if (clear) return confidence >= OVERRULE_CONFIDENCE ? modelId : best[0];
  // Close call between the rules' candidates: the one the model finds likeliest.
  const candidates = new Set(
    ranked.filter(([, s]) => s * CLEAR_MARGIN > best[1]).map(([id]) => id),
  );
  const pick = prediction.ranked.find((r) => candidates.has(idOf(r.label)));
  return pick ? idOf(pick.label) : best[0];
}
