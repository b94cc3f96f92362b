import type { Priority, Tier } from '../tickets/types.js';
import { triageInDetail, type TriageOptions, type TriageResult } from './decide.js';
import { DEFAULT_TAXONOMY, findCategory } from './taxonomy.js';
import { chooseTier, DEFAULT_TIER_RULES } from './tiers.js';

export type { TriageOptions, TriageResult } from './decide.js';

/**
 * Proposes priority, category, tier and reasons for a report. Synchronous, pure, no I/O.
 *
 * Priority comes from the rules alone: scope and urgency through ITIL's matrix, raised by the
 * safety rules (ransomware, account takeover, theft, spreading malware are P1). A learned model
 * only weighs in on the category, and never moves a report out of a category a safety rule
 * put it in.
 */
export function triage(text: string, options: TriageOptions = {}): TriageResult {
  return triageInDetail(text, options).result;
}

/**
 * The tier the tier table gives a category (name or id) at a priority, for when a person changes
 * the proposal. Knows nothing of the report's words, so topic rules ("permissions") do not apply.
 */
export function tierOf(
  category: string,
  priority: Priority,
  options: Pick<TriageOptions, 'taxonomy' | 'tiers'> = {},
): Tier {
  const categoryId = findCategory(options.taxonomy ?? DEFAULT_TAXONOMY, category)?.id ?? category;
  const facts = { categoryId, priority, topics: new Set<string>() };
  return chooseTier(options.tiers ?? DEFAULT_TIER_RULES, facts).tier;
}

export { DEFAULT_CATEGORIES, DEFAULT_TAXONOMY, customizeTaxonomy } from './taxonomy.js';
export type { CategoryDefinition, CueGroup, Taxonomy, TaxonomyChanges } from './taxonomy.js';
export { DEFAULT_TIER_RULES } from './tiers.js';
export type { TierRule, TierRules } from './tiers.js';
export { PRIORITY_MATRIX } from './priority.js';
export type { Impact, Urgency } from './cues.js';
export type { CategoryModel, CategoryPrediction, ModelInfo } from './model/classifier.js';
export { trainCategoryModel } from './model/train.js';
export { trainCheckedModel } from './model/checked.js';
export type { CheckedModel } from './model/checked.js';
export type { Example, TrainingOptions } from './model/train.js';
export { LinearCategoryModel } from './model/classifier.js';
export { serializeModel, deserializeModel } from './model/serialize.js';
export type { SerializedCategoryModel } from './model/serialize.js';
export { evaluate, formatEvaluation } from './model/metrics.js';
export type { ClassScore, Evaluation } from './model/metrics.js';
export { stratifiedSplit } from './model/random.js';
export {
  collectExamples,
  loadTenantModel,
  MODEL_NAMESPACE,
  retrainFromHistory,
} from './history.js';
export type { HistoryOptions, HistoryStore, RetrainResult } from './history.js';
