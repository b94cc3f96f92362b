import { BREAK, tokenize } from '../text.js';

/**
 * The features of a text for the learned model: stemmed words and word pairs. Pairs never
 * reach across a clause boundary.
 */
export function featuresOf(text: string): string[] {
  const words = tokenize(text).map((t) => t.word);
  const features: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === BREAK) continue;
    features.push(word);
    const next = words[i + 1];
    if (next !== undefined && next !== BREAK) features.push(`${word} ${next}`);
  }
  return features;
}
