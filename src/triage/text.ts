/** One word of a report after normalisation, with where it came from in the original text. */
export interface Token {
  /** Canonical, stemmed form; {@link BREAK} marks a clause boundary. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

/** Stands between clauses (punctuation, "but"): phrases and negation never reach across it. */
export const BREAK = '|';

const WORD_OR_BREAK = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[.,;:!?()\n]+/gu;

/**
 * Chat spellings and contractions mapped to plain words, so that "cant", "can't" and "cannot"
 * all read "can not" and a phrase list needs only one form.
 */
const CANONICAL: Readonly<Record<string, string>> = {
  cant: 'can not',
  cannot: 'can not',
  wont: 'will not',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  arent: 'are not',
  wasnt: 'was not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  couldnt: 'could not',
  wouldnt: 'would not',
  shouldnt: 'should not',
  aint: 'is not',
  im: 'i am',
  ive: 'i have',
  id: 'i would',
  pls: 'please',
  plz: 'please',
  plse: 'please',
  thx: 'thanks',
  u: 'you',
  ur: 'your',
  ppl: 'people',
  every1: 'everyone',
  evry1: 'everyone',
  no1: 'no one',
  noone: 'no one',
  pwd: 'password',
  pw: 'password',
  passwd: 'password',
  acct: 'account',
  msg: 'message',
  pc: 'computer',
  pcs: 'computers',
  wanna: 'want to',
  gonna: 'going to',
  asap: 'as soon as possible',
  rn: 'right now',
  login: 'log in',
  logon: 'log in',
  signin: 'sign in',
  email: 'mail',
  emails: 'mail',
  mail: 'mail',
  wifi: 'wifi',
  wlan: 'wifi',
};

/** Words kept as they are by the stemmer (short or irregular). */
const STEM_EXCEPTIONS: ReadonlySet<string> = new Set([
  'access',
  'address',
  'always',
  'anyways',
  'bus',
  'business',
  'class',
  'dns',
  'glass',
  'is',
  'its',
  'less',
  'loss',
  'news',
  'os',
  'pass',
  'process',
  'progress',
  'sometimes',
  'status',
  'this',
  'virus',
  'yes',
  'wireless',
  'us',
  'was',
  'has',
  'does',
  'sso',
  'ios',
  'windows',
  'teams',
  'sales',
]);

/**
 * A light suffix stripper: enough that "printers", "printing" and "printed" meet "print" and
 * "crashed" meets "crash". Not a linguistic stemmer; it only has to be applied the same way to
 * phrases and to reports.
 */
export function stem(word: string): string {
  if (word.length <= 3 || STEM_EXCEPTIONS.has(word) || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  const last = w[w.length - 1];
  const double = w.length > 3 && last === w[w.length - 2] && !'lsz'.includes(last ?? '');
  return double ? w.slice(0, -1) : w;
}

/** Lower-cases and expands one raw word into canonical words (before stemming). */
export function canonicalWords(raw: string): readonly string[] {
  const lower = raw.toLowerCase().replace(/’/g, "'");
  const mapped = CANONICAL[lower.replace(/'/g, '')];
  if (mapped) return mapped.split(' ');
  if (lower.endsWith("n't")) return expandNegation(lower);
  if (lower.endsWith("'s") || lower.endsWith("'d") || lower.endsWith("'m")) {
    return [lower.slice(0, -2)];
  }
  if (lower.endsWith("'re") || lower.endsWith("'ll") || lower.endsWith("'ve")) {
    return [lower.slice(0, -3)];
  }
  return [lower];
}

function expandNegation(lower: string): readonly string[] {
  const head = lower.slice(0, -3);
  if (head === 'ca') return ['can', 'not'];
  if (head === 'wo') return ['will', 'not'];
  return [head, 'not'];
}

/**
 * Splits a report into canonical, stemmed words with their spans in the original text.
 * `correct` may replace an unknown word (spelling); it sees the stemmed form.
 */
export function tokenize(text: string, correct: (word: string) => string = same): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD_OR_BREAK)) {
    const raw = match[0];
    const start = match.index ?? 0;
    const end = start + raw.length;
    if (!/[\p{L}\p{N}]/u.test(raw)) {
      pushBreak(tokens, start, end);
      continue;
    }
    for (const word of normalWords(raw)) {
      if (word === 'but') pushBreak(tokens, start, end);
      else tokens.push({ word: correct(word), start, end });
    }
  }
  return tokens;
}

/** Chat repeats its words; canonical stemmed forms are remembered (bounded). */
const normalCache = new Map<string, readonly string[]>();
const NORMAL_CACHE_LIMIT = 100_000;

function normalWords(raw: string): readonly string[] {
  const cached = normalCache.get(raw);
  if (cached) return cached;
  const words = canonicalWords(raw).map((w) => (w === 'but' ? w : stem(w)));
  if (normalCache.size < NORMAL_CACHE_LIMIT) normalCache.set(raw, words);
  return words;
}

function pushBreak(tokens: Token[], start: number, end: number): void {
  if (tokens.length > 0 && tokens[tokens.length - 1]?.word !== BREAK) {
    tokens.push({ word: BREAK, start, end });
  }
}

function same(word: string): string {
  return word;
}
