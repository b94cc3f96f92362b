import { HelpdeskError } from '../errors.js';
import { DEFAULT_TAXONOMY } from './default-taxonomy.js';

/** Phrases that point to a category, how strongly, and the kind of work they imply. */
export interface CueGroup {
  /** 1 weak (a hint), 2 usual, 3 or more strong (names the thing outright); 0 topic only. */
  readonly weight: number;
  /** A finer kind of work that tier rules can use ("permissions", "install"). */
  readonly topic?: string;
  readonly phrases: readonly string[];
}

/** One category of the taxonomy. */
export interface CategoryDefinition {
  /** Stable id that rules refer to; stays the same when an admin renames the category. */
  readonly id: string;
  /** The name shown to people and stored on tickets. */
  readonly name: string;
  readonly cues: readonly CueGroup[];
  /** When true, a negated cue ("not a virus") is no evidence for this category. */
  readonly negatable?: boolean;
  /** Never chosen while a report carries fault words ("broken", "slow"): a wish, not a fault. */
  readonly requestOnly?: boolean;
  /**
   * Category ids whose evidence counts for this one when this one has strong evidence: asking
   * for a new mouse is a request, not a hardware fault.
   */
  readonly absorbs?: readonly string[];
}

/** The categories triage chooses from. */
export interface Taxonomy {
  readonly categories: readonly CategoryDefinition[];
  /** Category id used when no cue matches. */
  readonly fallback: string;
}

/** What an admin changes: new names for categories, new categories, more phrases. */
export interface TaxonomyChanges {
  /** id → new name. */
  readonly rename?: Readonly<Record<string, string>>;
  readonly add?: readonly CategoryDefinition[];
  /** id → more cue groups for that category. */
  readonly extend?: Readonly<Record<string, readonly CueGroup[]>>;
}

/** The default taxonomy's category names, in order. */
export const DEFAULT_CATEGORIES: readonly string[] = DEFAULT_TAXONOMY.categories.map((c) => c.name);

export { DEFAULT_TAXONOMY };

/**
 * A copy of `base` with an admin's changes applied. Throws `invalid_config` when a change names
 * an unknown category or two categories would share an id or a name.
 */
export function customizeTaxonomy(base: Taxonomy, changes: TaxonomyChanges): Taxonomy {
  const known = new Set(base.categories.map((c) => c.id));
  for (const id of [...Object.keys(changes.rename ?? {}), ...Object.keys(changes.extend ?? {})]) {
    if (!known.has(id)) throw invalid(`The taxonomy has no category with id "${id}".`);
  }
  const categories = [...base.categories, ...(changes.add ?? [])].map((c) => ({
    ...c,
    name: changes.rename?.[c.id] ?? c.name,
    cues: [...c.cues, ...(changes.extend?.[c.id] ?? [])],
  }));
  assertUnique(
    categories.map((c) => c.id),
    'id',
  );
  assertUnique(
    categories.map((c) => c.name.toLowerCase()),
    'name',
  );
  return { categories, fallback: base.fallback };
}

/** The category with `name` or id `name` (case-insensitive), if any. */
export function findCategory(taxonomy: Taxonomy, name: string): CategoryDefinition | undefined {
  const wanted = name.toLowerCase();
  return taxonomy.categories.find((c) => c.name.toLowerCase() === wanted || c.id === wanted);
}

function assertUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw invalid(`Two categories share the ${what} "${value}".`);
    seen.add(value);
  }
}

function invalid(message: string): HelpdeskError {
  return new HelpdeskError('invalid_config', `${message} Check the triage taxonomy settings.`);
}
