import { BREAK, tokenize } from '../text.js';

/**
 * The features of a text for the learned model: stemmed words and word pairs. Pairs never
 * reach across a clause boundary.
 */
export function featuresOf(text: string): string[] {
  const features: string[] = [];
  eachFeature(wordsOf(text), {
    word: (w) => features.push(w),
    pair: (a, b) => features.push(`${a} ${b}`),
  });
  return features;
}

function wordsOf(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}

/** The one definition of the features, shared by prediction and training. */
function eachFeature(
  words: readonly string[],
  visit: { word(w: string): void; pair(a: string, b: string): void },
): void {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === BREAK) continue;
    visit.word(word);
    const next = words[i + 1];
    if (next !== undefined && next !== BREAK) visit.pair(word, next);
  }
}

/** Room for this many distinct words before pair keys would collide. */
const WORD_LIMIT = 2 ** 21;

/**
 * Numbers the features of training texts. Pairs are keyed by their two word numbers instead of
 * a joined string: training hashes tens of millions of pairs and string keys made it slow.
 */
export class FeatureEncoder {
  private readonly wordFeature = new Map<string, number>();
  private readonly wordIndex = new Map<string, number>();
  private readonly wordList: string[] = [];
  private readonly pairFeature = new Map<number, number>();
  private readonly named: (string | readonly [number, number])[] = [];

  /** How many distinct features were seen. */
  get size(): number {
    return this.named.length;
  }

  /** The feature numbers of one text, in order (repeats kept). */
  encode(text: string): Int32Array {
    const ids: number[] = [];
    eachFeature(wordsOf(text), {
      word: (w) => ids.push(this.wordId(w)),
      pair: (a, b) => ids.push(this.pairId(a, b)),
    });
    return Int32Array.from(ids);
  }

  /** The feature's name as {@link featuresOf} spells it. */
  name(id: number): string {
    const named = this.named[id]!;
    return typeof named === 'string'
      ? named
      : `${this.wordList[named[0]]} ${this.wordList[named[1]]}`;
  }

  private wordId(word: string): number {
    let id = this.wordFeature.get(word);
    if (id === undefined) {
      id = this.named.length;
      this.named.push(word);
      this.wordFeature.set(word, id);
    }
    return id;
  }

  private pairId(a: string, b: string): number {
    const key = this.index(a) * WORD_LIMIT + this.index(b);
    let id = this.pairFeature.get(key);
    if (id === undefined) {
      id = this.named.length;
      this.named.push([this.index(a), this.index(b)]);
      this.pairFeature.set(key, id);
    }
    return id;
  }

  private index(word: string): number {
    let index = this.wordIndex.get(word);
    if (index === undefined) {
      index = this.wordList.length;
      this.wordList.push(word);
      this.wordIndex.set(word, index);
    }
    return index;
  }
}
