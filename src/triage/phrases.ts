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

/** A set of phrases matched word by word against a tokenized report. */
export class PhraseSet<T> {
  private readonly byFirstWord = new Map<string, Compiled<T>[]>();
  readonly words = new Set<string>();

  /**
   * @param negationWindow how many words back a negator still applies; scope phrases use a
   *   short one, because "is not working for anyone" does not negate "anyone".
   */
  constructor(
    entries: Iterable<PhraseEntry<T>>,
    private readonly negationWindow = 3,
  ) {
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

  /**
   * Every match in `tokens`, in order: the longest phrase at each word, except one that lies
   * wholly inside an earlier match ("no one" inside "no one else").
   */
  match(tokens: readonly Token[]): PhraseMatch<T>[] {
    const matches: PhraseMatch<T>[] = [];
    let covered = 0;
    for (let i = 0; i < tokens.length; i++) {
      const found = this.longestAt(tokens, i);
      if (!found || i + found.words.length <= covered) continue;
      const to = i + found.words.length;
      matches.push({
        meaning: found.meaning,
        from: i,
        to,
        negated: isNegated(tokens, i, this.negationWindow),
      });
      covered = to;
    }
    return matches;
  }

  private longestAt(tokens: readonly Token[], i: number): Compiled<T> | undefined {
    const candidates = this.byFirstWord.get(tokens[i]!.word);
    return candidates?.find((c) => c.words.every((w, k) => fits(w, tokens[i + k])));
  }
}

/** `*` in a phrase stands for any one word of the same clause ("whole * team"). */
function fits(word: string, token: Token | undefined): boolean {
  if (!token) return false;
  return word === '*' ? token.word !== BREAK : token.word === word;
}

/** Normalises a listed phrase exactly as a report is normalised (without spelling fixes). */
export function phraseWords(phrase: string): string[] {
  return phrase
    .split(/[^\p{L}\p{N}'’*]+/u)
    .filter((raw) => raw.length > 0)
    .flatMap((raw) => (raw === '*' ? ['*'] : canonicalWords(raw).map(stem)));
}

const NEGATORS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'without', 'nor']);
function isNegated(tokens: readonly Token[], at: number, window: number): boolean {
  for (let k = at - 1; k >= 0 && k >= at - window; k--) {
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
