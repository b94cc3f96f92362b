import { BREAK, canonicalWords, stem, type Token } from './text.js';

/** A phrase to look for, with what a match means to whoever listed it. */
export interface PhraseEntry<T> {
  readonly phrase: string;
  readonly meaning: T;
}

/** Where a phrase matched in a report. */
export interface PhraseMatch<T> {
  readonly meaning: T;
  /** Token indexes, `to` exclusive. */
  readonly from: number;
  readonly to: number;
  /** True when "not", "no", "never" or "without" comes just before it in the same clause. */
  readonly negated: boolean;
}

interface Compiled<T> {
  readonly words: readonly string[];
  readonly meaning: T;
}

/**
 * A set of phrases matched word by word, leftmost-longest and without overlap, so that
 * "no one else" wins over "no one" where both are listed.
 */
export class PhraseSet<T> {
  private readonly byFirstWord = new Map<string, Compiled<T>[]>();
  readonly words = new Set<string>();

  constructor(entries: Iterable<PhraseEntry<T>>) {
    for (const { phrase, meaning } of entries) {
      const words = phraseWords(phrase);
      if (words.length === 0) continue;
      words.forEach((word) => this.words.add(word));
      const list = this.byFirstWord.get(words[0]!) ?? [];
      list.push({ words, meaning });
      this.byFirstWord.set(words[0]!, list);
    }
    for (const list of this.byFirstWord.values())
      list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Every non-overlapping match in `tokens`, in order. */
  match(tokens: readonly Token[]): PhraseMatch<T>[] {
    const matches: PhraseMatch<T>[] = [];
    let i = 0;
    while (i < tokens.length) {
      const found = this.longestAt(tokens, i);
      if (!found) {
        i++;
        continue;
      }
      const to = i + found.words.length;
      matches.push({ meaning: found.meaning, from: i, to, negated: isNegated(tokens, i) });
      i = to;
    }
    return matches;
  }

  private longestAt(tokens: readonly Token[], i: number): Compiled<T> | undefined {
    const candidates = this.byFirstWord.get(tokens[i]!.word);
    return candidates?.find((c) => c.words.every((w, k) => tokens[i + k]?.word === w));
  }
}

/** Normalises a listed phrase exactly as a report is normalised (without spelling fixes). */
export function phraseWords(phrase: string): string[] {
  return phrase
    .split(/[^\p{L}\p{N}'’]+/u)
    .filter((raw) => raw.length > 0)
    .flatMap((raw) => canonicalWords(raw).map(stem));
}

const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'without', 'nor']);
/** How far back a negator still applies ("did not even click the link"). */
const NEGATION_WINDOW = 3;

function isNegated(tokens: readonly Token[], at: number): boolean {
  for (let k = at - 1; k >= 0 && k >= at - NEGATION_WINDOW; k--) {
    const word = tokens[k]!.word;
    if (word === BREAK) return false;
    if (NEGATORS.has(word)) return true;
  }
  return false;
}

/** The original words a match covers, as the reporter wrote them. */
export function quote(text: string, tokens: readonly Token[], from: number, to: number): string {
  const first = tokens[from];
  const last = tokens[to - 1];
  if (!first || !last) return '';
  return text.slice(first.start, last.end).replace(/\s+/g, ' ');
}
