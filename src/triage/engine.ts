import type { Priority } from '../tickets/types.js';
import { cuePhrases, servicePhrases, urgencyPhrases, type Cue, type Impact } from './cues.js';
import type { Urgency } from './cues.js';
import { PROTECTED_WORDS } from './common-words.js';
import { PhraseSet, quote, type PhraseMatch } from './phrases.js';
import { higher, isAbove, PRIORITY_MATRIX } from './priority.js';
import { fires, safetyPhrases, type SafetyPhrase, type SafetyRule } from './security.js';
import { Speller } from './speller.js';
import type { CategoryDefinition, Taxonomy } from './taxonomy.js';
import { stem, tokenize, type Token } from './text.js';

/** A piece of evidence: what it means and the reporter's own words. */
export interface Evidence {
  readonly label: string;
  readonly quotes: readonly string[];
}

/** What the deterministic rules make of a report, before any learned model. */
export interface RulesVerdict {
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly priority: Priority;
  /** The safety rule that set a floor, if one did. */
  readonly safety?: { readonly rule: SafetyRule; readonly quote: string };
  /** Category id → summed cue weight. */
  readonly scores: ReadonlyMap<string, number>;
  /** Category id → the words that scored. */
  readonly categoryQuotes: ReadonlyMap<string, readonly string[]>;
  readonly topics: ReadonlySet<string>;
  readonly impactEvidence?: Evidence;
  readonly urgencyEvidence?: Evidence;
  readonly emphasis?: string;
}

interface CategoryHit {
  readonly category: CategoryDefinition;
  readonly weight: number;
  readonly topic?: string;
}

/** Everything compiled from one taxonomy; built once and cached. */
interface Compiled {
  readonly speller: Speller;
  readonly scope: PhraseSet<Cue>;
  readonly urgency: PhraseSet<Cue>;
  readonly services: PhraseSet<Cue>;
  readonly safety: PhraseSet<SafetyPhrase>;
  readonly categories: PhraseSet<readonly CategoryHit[]>;
}

const compiledByTaxonomy = new WeakMap<Taxonomy, Compiled>();
/** "not the whole office" negates; "not working for anyone" does not. */
const SCOPE_NEGATION_WINDOW = 2;

/** Reads scope, urgency, safety and category cues from a report. Pure and synchronous. */
export function analyse(text: string, taxonomy: Taxonomy): RulesVerdict {
  const compiled = compile(taxonomy);
  const tokens = tokenize(text, (w) => compiled.speller.correct(w));
  const read = (m: PhraseMatch<unknown>) => quote(text, tokens, m.from, m.to);

  const judged = judgeImpact(compiled, tokens, read);
  const urgency = judgeUrgency(compiled.urgency.match(tokens), read, judged.stops);
  const scope: ScopeJudgement = urgency.request ? { impact: 'individual', stops: false } : judged;
  const matrix = PRIORITY_MATRIX[scope.impact][urgency.urgency];
  const safety = strongestSafety(compiled.safety.match(tokens), read);
  const priority = safety ? higher(matrix, safety.rule.floor) : matrix;
  const hits = compiled.categories.match(tokens);
  const categories = scoreCategories(taxonomy, hits, read, urgency.fault);

  return {
    impact: scope.impact,
    urgency: urgency.urgency,
    priority,
    safety: safety && isAbove(safety.rule.floor, 'P4') ? safety : undefined,
    scores: categories.scores,
    categoryQuotes: categories.quotes,
    topics: categories.topics,
    impactEvidence: scope.evidence,
    urgencyEvidence: urgency.evidence,
    emphasis: findEmphasis(text, urgency.emphasis),
  };
}

function compile(taxonomy: Taxonomy): Compiled {
  const cached = compiledByTaxonomy.get(taxonomy);
  if (cached) return cached;
  const categories = new PhraseSet(categoryEntries(taxonomy));
  const sets = {
    scope: new PhraseSet(cuePhrases(), SCOPE_NEGATION_WINDOW),
    urgency: new PhraseSet(urgencyPhrases()),
    services: new PhraseSet(servicePhrases()),
    safety: new PhraseSet(safetyPhrases()),
    categories,
  };
  const vocabulary = Object.values(sets).flatMap((set) => [...set.words]);
  const speller = new Speller(vocabulary, PROTECTED_WORDS.map(stem));
  const compiled = { ...sets, speller };
  compiledByTaxonomy.set(taxonomy, compiled);
  return compiled;
}

/** One entry per phrase, carrying every category that lists it. */
function categoryEntries(taxonomy: Taxonomy) {
  const byPhrase = new Map<string, CategoryHit[]>();
  for (const category of taxonomy.categories) {
    for (const group of category.cues) {
      for (const phrase of group.phrases) {
        const key = phrase.toLowerCase();
        const hits = byPhrase.get(key) ?? [];
        hits.push({ category, weight: group.weight, topic: group.topic });
        byPhrase.set(key, hits);
      }
    }
  }
  return [...byPhrase].map(([phrase, meaning]) => ({ phrase, meaning }));
}

type Reader = (m: PhraseMatch<unknown>) => string;

interface ScopeJudgement {
  readonly impact: Impact;
  readonly evidence?: Evidence;
  /** "nobody can …" says work stopped even without a fault word. */
  readonly stops: boolean;
}

const IMPACT_ORDER: readonly Impact[] = ['organisation', 'group', 'individual'];
const NEGATIVE_QUANTIFIERS = new Set(['nobody', 'no', 'none']);

function judgeImpact(compiled: Compiled, tokens: readonly Token[], read: Reader): ScopeJudgement {
  const matches = compiled.scope.match(tokens).filter((m) => !m.negated);
  const stops = matches.some((m) => NEGATIVE_QUANTIFIERS.has(tokens[m.from]!.word) && isWide(m));
  for (const impact of IMPACT_ORDER) {
    const found = matches.filter((m) => m.meaning.kind === 'impact' && m.meaning.impact === impact);
    if (found.length > 0) {
      return { impact, stops, evidence: { label: impact, quotes: found.map(read) } };
    }
  }
  const service = sharedServiceDown(compiled.services.match(tokens), tokens, read);
  if (service) return { impact: 'group', stops, evidence: service };
  return { impact: 'individual', stops };
}

function isWide(m: PhraseMatch<Cue>): boolean {
  return m.meaning.kind === 'impact' && m.meaning.impact !== 'individual';
}

/** "VPN is down": a shared system in an outage is several people's problem. */
function sharedServiceDown(
  matches: readonly PhraseMatch<Cue>[],
  tokens: readonly Token[],
  read: Reader,
): Evidence | undefined {
  const live = matches.filter((m) => !m.negated);
  const service = live.find((m) => m.meaning.kind === 'shared-service' && !isMine(tokens, m));
  const outage = live.find((m) => m.meaning.kind === 'outage');
  if (!service || !outage) return undefined;
  return { label: 'shared-service', quotes: [read(service), read(outage)] };
}

function isMine(tokens: readonly Token[], m: PhraseMatch<unknown>): boolean {
  return tokens[m.from - 1]?.word === 'my';
}

interface UrgencyJudgement {
  readonly urgency: Urgency;
  readonly evidence?: Evidence;
  /** A fault word was present: this is not a plain request. */
  readonly fault: boolean;
  /** Asks for something and reports no fault: scope words describe the wish, not an outage. */
  readonly request: boolean;
  readonly emphasis?: string;
}

const LOWER: Readonly<Record<Urgency, Urgency>> = {
  stopped: 'degraded',
  degraded: 'can-wait',
  'can-wait': 'can-wait',
};

function judgeUrgency(
  all: readonly PhraseMatch<Cue>[],
  read: Reader,
  stops: boolean,
): UrgencyJudgement {
  // "not slow" is no slowness, but "doesn't respond sometimes" is still intermittent.
  const matches = all.filter((m) => !m.negated || m.meaning.kind !== 'urgency');
  const of = (kind: Cue['kind'], urgency?: Urgency) =>
    matches.filter(
      (m) =>
        m.meaning.kind === kind &&
        (!urgency || ('urgency' in m.meaning && m.meaning.urgency === urgency)),
    );
  const stopped = of('urgency', 'stopped');
  const degraded = of('urgency', 'degraded');
  const waits = [...of('calm'), ...of('request')];
  const emphasis = of('emphasis')[0];
  const fault = stopped.length + degraded.length + of('intermittent').length > 0 || stops;

  let urgency: Urgency = 'degraded';
  let evidence: Evidence | undefined;
  if (stopped.length > 0 || stops) {
    urgency = 'stopped';
    evidence = stopped.length > 0 ? { label: urgency, quotes: stopped.map(read) } : undefined;
  } else if (degraded.length + of('intermittent').length > 0) {
    urgency = 'degraded';
    evidence = { label: urgency, quotes: [...degraded, ...of('intermittent')].map(read) };
  } else if (waits.length > 0) {
    urgency = 'can-wait';
    evidence = { label: urgency, quotes: waits.map(read) };
  }
  const softeners = [...of('workaround'), ...of('intermittent')];
  if (urgency === 'stopped' && softeners.length > 0) {
    urgency = 'degraded';
    evidence = { label: softeners[0]!.meaning.kind, quotes: softeners.map(read) };
  }
  const calm = of('calm');
  if (calm.length > 0 && urgency !== 'can-wait') {
    urgency = LOWER[urgency];
    evidence = { label: 'calm', quotes: calm.map(read) };
  }
  const request = of('request').length > 0 && !fault;
  return { urgency, evidence, fault, request, emphasis: emphasis && read(emphasis) };
}

function strongestSafety(
  all: readonly PhraseMatch<SafetyPhrase>[],
  read: Reader,
): { rule: SafetyRule; quote: string } | undefined {
  const matches = all.filter((m) => !m.negated);
  const groups = new Set(matches.map((m) => m.meaning.group));
  let best: { rule: SafetyRule; quote: string } | undefined;
  for (const m of matches) {
    const rule = m.meaning.rule;
    if (!rule || !fires(rule, groups)) continue;
    if (!best || isAbove(rule.floor, best.rule.floor)) best = { rule, quote: read(m) };
  }
  return best;
}

function scoreCategories(
  taxonomy: Taxonomy,
  matches: readonly PhraseMatch<readonly CategoryHit[]>[],
  read: Reader,
  fault: boolean,
) {
  const raw = new Map<string, number>();
  const quotes = new Map<string, string[]>();
  const topics = new Set<string>();
  const strong = new Set<string>();
  for (const m of matches) {
    for (const hit of m.meaning) {
      if (m.negated && hit.category.negatable) continue;
      if (hit.category.requestOnly && fault) continue;
      const id = hit.category.id;
      if (hit.topic) topics.add(hit.topic);
      if (hit.weight === 0) continue;
      if (hit.weight >= STRONG) strong.add(id);
      raw.set(id, (raw.get(id) ?? 0) + hit.weight);
      quotes.set(id, [...(quotes.get(id) ?? []), read(m)]);
    }
  }
  return { scores: absorb(taxonomy, raw, strong), quotes, topics };
}

/** A cue weight that names the thing outright. */
const STRONG = 3;

/**
 * Scores in the order a tie is broken: the category mentioned first (a report names its subject
 * early), requests last. Absorbed categories are folded into the one that absorbs them when
 * that one has strong evidence ("can I get" + "mouse").
 */
function absorb(
  taxonomy: Taxonomy,
  raw: ReadonlyMap<string, number>,
  strong: ReadonlySet<string>,
): Map<string, number> {
  const scores = new Map<string, number>();
  const absorbed = new Set<string>();
  for (const category of taxonomy.categories) {
    if (!strong.has(category.id)) continue;
    for (const id of category.absorbs ?? []) {
      if (!raw.has(id)) continue;
      absorbed.add(id);
      scores.set(category.id, (scores.get(category.id) ?? 0) + raw.get(id)!);
    }
  }
  const byId = new Map(taxonomy.categories.map((c) => [c.id, c]));
  const mentioned = [...raw.keys()].sort(
    (a, b) => Number(byId.get(a)?.requestOnly ?? 0) - Number(byId.get(b)?.requestOnly ?? 0),
  );
  const ordered = new Map<string, number>();
  for (const id of mentioned) {
    const score = raw.get(id)! + (scores.get(id) ?? 0);
    if (!absorbed.has(id)) ordered.set(id, score);
  }
  return ordered;
}

const SHOUTING =
  /\b(?:URGENT|HELP|ASAP|NOW|AGAIN|PLEASE|PLS|CRITICAL|EMERGENCY|IMPORTANT|[A-Z]{6,})\b!*|\S*!{2,}/;

/** The words that shout, for the reasons: an emphasis word or capitals and exclamation marks. */
function findEmphasis(text: string, phrase: string | undefined): string | undefined {
  if (phrase) {
    const at = text.indexOf(phrase);
    const bangs = at >= 0 ? (/^!*/.exec(text.slice(at + phrase.length))?.[0] ?? '') : '';
    return phrase + bangs;
  }
  return SHOUTING.exec(text)?.[0];
}
