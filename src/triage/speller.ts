/**
 * Corrects a misspelt word to a known vocabulary word one edit away ("pritner" → "printer",
 * "netwrok" → "network"), using the deletion neighbourhood: two words are one substitution,
 * insertion, deletion or adjacent swap apart when they share a one-letter deletion.
 */
export class Speller {
  private readonly known: ReadonlySet<string>;
  private readonly byDeletion = new Map<string, string[]>();
  private readonly cache = new Map<string, string>();

  /**
   * @param vocabulary the words worth correcting to (stemmed cue words).
   * @param protectedWords ordinary words that must never be "corrected" ("pointer" is not
   *   "printer").
   */
  constructor(vocabulary: Iterable<string>, protectedWords: Iterable<string> = []) {
    const known = new Set<string>(protectedWords);
    for (const word of vocabulary) {
      known.add(word);
      if (word.length < MIN_LENGTH - 1) continue;
      for (const key of [word, ...deletions(word)]) this.index(key, word);
    }
    this.known = known;
  }

  /** The vocabulary word `word` most likely meant, or `word` itself. */
  correct(word: string): string {
    if (word.length < MIN_LENGTH || this.known.has(word) || /\d/.test(word)) return word;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const corrected = this.lookup(word);
    if (this.cache.size < CACHE_LIMIT) this.cache.set(word, corrected);
    return corrected;
  }

  private lookup(word: string): string {
    const candidates = new Set<string>();
    for (const key of [word, ...deletions(word)]) {
      for (const candidate of this.byDeletion.get(key) ?? []) {
        if (candidate[0] === word[0]) candidates.add(candidate);
      }
    }
    // An ambiguous guess is worse than none: leave the word alone.
    return candidates.size === 1 ? [...candidates][0]! : word;
  }

  private index(key: string, word: string): void {
    const list = this.byDeletion.get(key);
    if (!list) this.byDeletion.set(key, [word]);
    else if (!list.includes(word)) list.push(word);
  }
}

/** Words shorter than this are too easy to confuse ("main" and "mail"). */
const MIN_LENGTH = 5;
/** Chat text repeats itself; the cache keeps a busy process from growing without bound. */
const CACHE_LIMIT = 50_000;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}
