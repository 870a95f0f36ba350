/**
 * A small built-in English word list for splitting run-together hashtags
 * (#learningdesign → #LearningDesign). Deliberately short: a tag is only
 * split when every part is a known word, so a missing word means no
 * suggestion rather than a wrong one.
 */
const LIST = `
a about access accessibility account action active activity adult age agile ai all analysis analytics and app apps art
assessment audio back bad based best big blog book books brain build building business by camp career care case change
chat class classroom climate cloud club code coding coffee collaborative college community computer computing conference
connected content course craft creative critical culture customer daily data day deep design designer design dev
development diary digital distance diversity doing early earth economics edu education educational engagement
english equity ethics event experience fail family feedback field first food for free friday fun future game games
garden gender global goal goals good green group growth guide hack hand happy health help higher history home hour
how human idea ideas impact in inclusion inclusive innovation inquiry instructional interaction international it
java job journal just kids knowledge lab language languages last law lead leader leadership learn learner learners
learning lesson library life lifelong lifelong literacy live local long love machine made maker making management
map maths math media meeting mental mentor method mind mobile model monday month music my network networking new
news night note notes of office on online open opensource own paper peer people personal philosophy photo photography
physics plan planning play podcast policy portfolio power practice privacy product professional program programming
project public python quality question questions read reading reflect reflection remote research review rights room
rust school science security self sharing short skill skills small social software space speaking standup story
student students study style summer support sustainability system systems talk teach teacher teachers teaching team
tech technology test testing thinking thought thursday time tip tips to today tool tools training travel tuesday tutorial
typescript university up user ux video virtual vision voice web wednesday week weekly well wellbeing what wiki women
work working workplace workshop world write writing year youth
`;

export const WORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

/**
 * Splits an all-lowercase tag into known words, preferring the fewest words
 * (so "learningdesign" is Learning+Design, not Learn+In+G…); null when no
 * full split into two or more words exists.
 */
export function splitWords(tag: string): string[] | null {
  const best: (string[] | null)[] = Array.from({ length: tag.length + 1 }, () => null);
  best[0] = [];
  for (let end = 1; end <= tag.length; end++) {
    for (let start = Math.max(0, end - 20); start < end; start++) {
      const before = best[start];
      const word = tag.slice(start, end);
      if (!before || !WORDS.has(word)) continue;
      // Single letters only as the article "a", and never two in a row.
      if (word.length === 1 && before.at(-1)?.length === 1) continue;
      const candidate = [...before, word];
      const current = best[end];
      if (!current || candidate.length < current.length) best[end] = candidate;
    }
  }
  const split = best[tag.length];
  return split && split.length >= 2 ? split : null;
}
