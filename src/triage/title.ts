/** Longest title; Teams cards and queue rows truncate beyond this. */
const MAX_TITLE = 80;
const GREETING =
  /^(?:(?:hi|hello|hey|hiya|morning|good (?:morning|afternoon|evening)|dear)(?: (?:there|team|all|guys|it|support|helpdesk|help desk))?[\s,!.:-]+)+/i;

/**
 * A ticket title drawn from a report: its first sentence without a greeting, at most 80
 * characters, cut at a word. Never empty.
 */
export function titleOf(text: string): string {
  const body = text.replace(/\s+/g, ' ').trim().replace(GREETING, '');
  const sentence = firstSentence(body) || body;
  const title = shorten(sentence.trim());
  return title ? title[0]!.toUpperCase() + title.slice(1) : 'Help request';
}

function firstSentence(text: string): string {
  const match = /^.*?[^.!?](?=[.!?]+(?:\s|$))/.exec(text);
  return (match?.[0] ?? text).trim();
}

function shorten(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const cut = text.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TITLE / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:-]+$/, '')}…`;
}
