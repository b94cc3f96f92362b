import type { Priority, Tier } from '../tickets/types.js';
import type { BlendedCategory } from './blend.js';
import type { Evidence, RulesVerdict } from './engine.js';
import { IMPACT_WORDS, URGENCY_WORDS } from './priority.js';

const QUOTES_SHOWN = 2;

/** The reasons shown on the card and kept on the ticket, most telling first. */
export function explain(
  verdict: RulesVerdict,
  category: { readonly name: string; readonly blended: BlendedCategory },
  tier: { readonly tier: Tier; readonly why: string },
): string[] {
  const reasons: string[] = [];
  const safety = verdict.safety;
  if (safety) reasons.push(`${safety.rule.label}: ${quoted([safety.quote])}`);
  // When a safety rule set the priority, guesses about scope and urgency only add noise.
  const bySafety = safety !== undefined && safety.rule.floor === verdict.priority;
  if (!bySafety || verdict.impactEvidence) reasons.push(impactReason(verdict));
  if (!bySafety || verdict.urgencyEvidence) reasons.push(urgencyReason(verdict));
  if (verdict.emphasis) reasons.push(`emphasis not counted: ${quoted([verdict.emphasis])}`);
  reasons.push(priorityReason(verdict));
  reasons.push(categoryReason(verdict, category.name, category.blended));
  reasons.push(`tier ${tier.tier}: ${tier.why}`);
  return reasons;
}

function impactReason(verdict: RulesVerdict): string {
  const words = IMPACT_WORDS[verdict.impact];
  const evidence = verdict.impactEvidence;
  if (!evidence) return `${words} (no wider scope mentioned)`;
  if (evidence.label === 'shared-service')
    return `${words}: shared service down ${quoted(evidence.quotes)}`;
  return `${words}: ${quoted(evidence.quotes)}`;
}

const URGENCY_LABELS: Readonly<Record<string, string>> = {
  workaround: 'work degraded, a workaround exists',
  calm: 'can wait, as the reporter says',
  intermittent: 'work degraded, it comes and goes',
};

function urgencyReason(verdict: RulesVerdict): string {
  const evidence: Evidence | undefined = verdict.urgencyEvidence;
  const words = URGENCY_WORDS[verdict.urgency];
  if (!evidence) return verdict.urgency === 'stopped' ? `${words}` : `${words} (assumed)`;
  return `${URGENCY_LABELS[evidence.label] ?? words}: ${quoted(evidence.quotes)}`;
}

function priorityReason(verdict: RulesVerdict): string {
  const priority: Priority = verdict.priority;
  if (verdict.safety && verdict.safety.rule.floor === priority) {
    return `priority ${priority}: ${verdict.safety.rule.group} is ${priority} by default`;
  }
  const impact = IMPACT_WORDS[verdict.impact].replace(' affected', '');
  return `priority ${priority}: ${impact} × ${URGENCY_WORDS[verdict.urgency]}`;
}

function categoryReason(verdict: RulesVerdict, name: string, blended: BlendedCategory): string {
  const model = blended.model;
  const percent = model ? `${Math.round(model.confidence * 100)}%` : '';
  if (model?.decided) return `category ${name}: past tickets say ${model.label} (${percent})`;
  const quotes = verdict.categoryQuotes.get(blended.id);
  const base = quotes
    ? `category ${name}: ${quoted(quotes)}`
    : `category ${name}: no category words`;
  return model ? `${base}; past tickets say ${model.label} (${percent})` : base;
}

function quoted(quotes: readonly string[]): string {
  return [...new Set(quotes)]
    .slice(0, QUOTES_SHOWN)
    .map((q) => `'${q}'`)
    .join(', ');
}
