import type { Priority, Tier } from '../tickets/types.js';
import { blendCategory, type BlendedCategory } from './blend.js';
import { analyse, type RulesVerdict } from './engine.js';
import type { CategoryModel } from './model/classifier.js';
import { explain } from './reasons.js';
import { DEFAULT_TAXONOMY, findCategory, type Taxonomy } from './taxonomy.js';
import { chooseTier, DEFAULT_TIER_RULES, type TierRules } from './tiers.js';
import { titleOf } from './title.js';

/** What triage proposes for one report; shown on the card and kept on the ticket. */
export interface TriageResult {
  readonly priority: Priority;
  readonly category: string;
  readonly tier: Tier;
  /** Sentences a person can check, e.g. `security: 'ransom note'`. */
  readonly reasons: readonly string[];
  /** A short ticket title drawn from the text; never empty. */
  readonly title: string;
}

export interface TriageOptions {
  /** Categories and their words; the default taxonomy when absent. */
  readonly taxonomy?: Taxonomy;
  /** The tier table; the default table when absent. */
  readonly tiers?: TierRules;
  /** A category model learned from this organisation's tickets, blended with the rules. */
  readonly model?: CategoryModel;
}

/** A second opinion's changes (a language model's), already checked against the guard. */
export interface Override {
  readonly priority?: Priority;
  readonly categoryId?: string;
  readonly reasons: readonly string[];
}

/** The result together with what the rules saw, for callers in this folder. */
export interface Detailed {
  readonly result: TriageResult;
  readonly verdict: RulesVerdict;
  readonly categoryId: string;
}

/** Runs the rules, the learned model and the tier table; applies an override when given. */
export function triageInDetail(
  text: string,
  options: TriageOptions = {},
  override?: Override,
): Detailed {
  const taxonomy = options.taxonomy ?? DEFAULT_TAXONOMY;
  const verdict = analyse(text, taxonomy);
  const blended: BlendedCategory = verdict.safety
    ? { id: verdict.safety.rule.label }
    : blendCategory(text, taxonomy, verdict.scores, options.model);
  const categoryId = override?.categoryId ?? blended.id;
  const priority = override?.priority ?? verdict.priority;
  const name = findCategory(taxonomy, categoryId)?.name ?? categoryId;
  const facts = { categoryId, priority, topics: verdict.topics };
  const tier = chooseTier(options.tiers ?? DEFAULT_TIER_RULES, facts);
  const reasons = [...explain(verdict, { name, blended }, tier), ...(override?.reasons ?? [])];
  const result = { priority, category: name, tier: tier.tier, reasons, title: titleOf(text) };
  return { result, verdict, categoryId };
}
