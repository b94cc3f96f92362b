import type { Priority, Tier } from '../tickets/types.js';

/** One line of the tier table: every condition given must hold. */
export interface TierRule {
  readonly tier: Tier;
  /** Category ids. */
  readonly categories?: readonly string[];
  readonly priorities?: readonly Priority[];
  /** Any of these topics (from the taxonomy's cue groups). */
  readonly topics?: readonly string[];
  /** Shown to people: "tier L2: permissions change". */
  readonly why: string;
}

/** The tier table, read top to bottom; the first rule that holds decides. */
export interface TierRules {
  readonly rules: readonly TierRule[];
  readonly fallback: Tier;
}

/** What the tier table looks at. */
export interface TierFacts {
  readonly categoryId: string;
  readonly priority: Priority;
  readonly topics: ReadonlySet<string>;
}

/**
 * The default table: password resets, installs and printers at L1; hardware configuration,
 * permissions and software faults at L2; servers, security breaches and anything company-wide
 * at L3.
 */
export const DEFAULT_TIER_RULES: TierRules = {
  fallback: 'L1',
  rules: [
    { tier: 'L3', categories: ['security'], priorities: ['P1', 'P2'], why: 'security incident' },
    { tier: 'L2', categories: ['security'], why: 'security question for an analyst' },
    { tier: 'L3', categories: ['infrastructure'], why: 'servers and infrastructure' },
    { tier: 'L3', priorities: ['P1'], why: 'outage for the whole organisation' },
    { tier: 'L2', topics: ['permissions'], why: 'permissions change' },
    {
      tier: 'L2',
      categories: ['hardware'],
      topics: ['hardware-config'],
      why: 'hardware configuration',
    },
    { tier: 'L2', categories: ['software', 'email'], topics: ['fault'], why: 'software fault' },
    { tier: 'L2', priorities: ['P2'], why: 'several people affected' },
  ],
};

/** The first rule of `table` that holds, or the fallback. */
export function chooseTier(table: TierRules, facts: TierFacts): { tier: Tier; why: string } {
  const rule = table.rules.find((r) => holds(r, facts));
  return rule ? { tier: rule.tier, why: rule.why } : { tier: table.fallback, why: 'first line' };
}

function holds(rule: TierRule, facts: TierFacts): boolean {
  if (rule.categories && !rule.categories.includes(facts.categoryId)) return false;
  if (rule.priorities && !rule.priorities.includes(facts.priority)) return false;
  if (rule.topics && !rule.topics.some((t) => facts.topics.has(t))) return false;
  return true;
}
