import type { Priority, Tier } from '../tickets/types.js';

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

// Placeholder shapes so callers compile; the real definitions land in this folder shortly.
export type Taxonomy = unknown;
export type TierRules = unknown;
export type CategoryModel = unknown;

export interface TriageOptions {
  readonly taxonomy?: Taxonomy;
  readonly tiers?: TierRules;
  readonly model?: CategoryModel;
}

/** The default category taxonomy; admins can rename and extend it. */
export const DEFAULT_CATEGORIES: readonly string[] = [
  'access',
  'hardware',
  'software',
  'network',
  'email',
  'printing',
  'security',
  'infrastructure',
  'request',
];

/** Proposes priority, category, tier and reasons for a report. Synchronous, pure, no I/O. */
export function triage(text: string, _options?: TriageOptions): TriageResult {
  const title = text.trim().slice(0, 80) || 'Help request';
  return { priority: 'P3', category: 'request', tier: 'L1', reasons: [], title };
}
