/**
 * Everyday words that sit one letter away from a cue word and must not be "corrected" into it
 * ("pointer" is not "printer", "sever" may well be "server" and is left to the speller).
 */
export const PROTECTED_WORDS: readonly string[] = `
about above after again against along already also always another anything around asked
because before being below between board bring brought build built called calls came cannot
change check clear click close coming could doing during early either enough every first
found front getting given going great guess happen happened having heard hello helps house
inside issue issues itself known large later learn least leave letter light little looks
maybe meant might minute month morning mother never night nothing number often other people
phone place please point pointer power press print prints probably quite quick rather
really reply right round second seems shall share sheet short should since small sound start
still store stuff sure taken thanks their there these thing think those though three today
together total tried trying under until using usual value very wants watch where which while
white whole without world would write wrong years yesterday youre yours
`
  .split(/\s+/)
  .filter((w) => w.length > 0);
