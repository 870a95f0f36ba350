import snowball from "snowball-stemmers";

/**
 * Matches marked in a result's text here, rather than by PostgreSQL's
 * `ts_headline`, for texts in English or in no known language (ADR 0032).
 * ts_headline parses the whole text again for each result: about 40 µs for
 * an entry of 450 characters, 1.2 ms a page, a quarter of a search's CPU at
 * a million entries. Here a word is looked up only when it could match.
 *
 * A word matches when it is one of the query's lexemes in lower case (the
 * `simple` configuration, which every document holds too), or when its
 * English stem is. The stems are Snowball's English (Porter2) stemmer, the
 * one PostgreSQL's `english` configuration uses; a test compares the two on
 * thousands of words. Texts in other languages keep ts_headline.
 */

/** A piece of text, marked when it matched. */
export interface Piece {
  text: string;
  match: boolean;
}
export type Highlighted = Piece[];

/**
 * Each language's search configuration, by its first subtag, as
 * outloud_search_config (migration 0001) maps them; any other language is
 * `simple`. A test checks that the two agree.
 */
const CONFIGS: Readonly<Record<string, string>> = {
  ar: "arabic",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hu: "hungarian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  nb: "norwegian",
  ne: "nepali",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sr: "serbian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
};

/** The text-search configuration of a text in this language (a tag like `en-GB`). */
export function searchConfigOf(language: string | null): string {
  const code = (language ?? "").split("-")[0]?.toLowerCase() ?? "";
  return Object.hasOwn(CONFIGS, code) ? (CONFIGS[code] ?? "simple") : "simple";
}

/** The configurations whose matches are marked here (the others by ts_headline). */
export const MARKED_HERE: readonly string[] = ["english", "simple"];

/** Whether a text in this language has its matches marked here. */
export function markedHere(language: string | null): boolean {
  return MARKED_HERE.includes(searchConfigOf(language));
}

/** The lexemes a tsquery's text names (`'team' | 'feedback'`), unquoted. */
export function lexemesOf(tsquery: string): Set<string> {
  const lexemes = new Set<string>();
  for (const [, quoted = ""] of tsquery.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)) {
    lexemes.add(quoted.replace(/''/g, "'").replace(/\\(.)/g, "$1"));
  }
  return lexemes;
}

const english = snowball.newStemmer("english");

/** `y` as `i`: the English stemmer turns a final y into i ("happy": happi; "dying": die). */
const foldY = (word: string) => word.replaceAll("y", "i");

/** Whether the word (lower case) starts with `start` (from stemStart), reading y as i. */
function startsLike(word: string, start: string): boolean {
  if (word.length < start.length) return false;
  for (let i = 0; i < start.length; i++) {
    const letter = word[i] === "y" ? "i" : word[i];
    if (letter !== start[i]) return false;
  }
  return true;
}

/**
 * How a word must start for its English stem to be this lexeme: the stemmer
 * only rewrites a word's ending (and a final y), so the stem's first letters
 * but its last are the word's. Only such words are stemmed: most words of a
 * text cannot match, and stemming each cost more than ts_headline saved.
 */
function stemStart(lexeme: string): string {
  return foldY(lexeme.slice(0, Math.max(1, lexeme.length - 1)));
}

// As ts_headline was asked for: passages of up to 30 words, at most two,
// or the first 12 words when nothing in the text matched.
const MAX_WORDS = 30;
const MIN_WORDS = 12;
const MAX_PASSAGES = 2;
const PASSAGE_BREAK = " … ";

/** Words as PostgreSQL's parser splits them: runs of letters and digits. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

interface Word {
  start: number;
  end: number;
  match: boolean;
}

export interface Highlighter {
  /** The whole text, its matches marked (a title). */
  all(text: string, language: string | null): Highlighted;
  /** Up to two passages of the text around its matches, or its start; matches marked. */
  passages(text: string, language: string | null): Highlighted;
}

/** Marks words matching the tsquery (text, from plan.ts's `highlight`). */
export function highlighter(tsquery: string): Highlighter {
  const lexemes = lexemesOf(tsquery);
  const starts = [...lexemes].map(stemStart);
  const decide = (word: string, stemmed: boolean): boolean => {
    const lower = word.toLowerCase();
    if (lexemes.has(lower)) return true;
    return (
      stemmed &&
      starts.some((start) => startsLike(lower, start)) &&
      lexemes.has(english.stem(lower))
    );
  };
  // A page's texts repeat their words: each is decided once (per configuration).
  const decided = { stemmed: new Map<string, boolean>(), plain: new Map<string, boolean>() };
  const matches = (word: string, stemmed: boolean): boolean => {
    const known = stemmed ? decided.stemmed : decided.plain;
    let found = known.get(word);
    if (found === undefined) {
      found = decide(word, stemmed);
      known.set(word, found);
    }
    return found;
  };
  const wordsOf = (text: string, language: string | null): Word[] => {
    const stemmed = searchConfigOf(language) === "english";
    return Array.from(text.matchAll(WORD), (m) => ({
      start: m.index,
      end: m.index + m[0].length,
      match: matches(m[0], stemmed),
    }));
  };
  return {
    all: (text, language) => markedAll(text, wordsOf(text, language)),
    passages: (text, language) => {
      const words = wordsOf(text, language);
      return markedPassages(text, words, passagesOf(words));
    },
  };
}

/** Which words (first and last index, inclusive) the passages show. */
function passagesOf(words: readonly Word[]): [number, number][] {
  const matched = words.flatMap((word, i) => (word.match ? [i] : []));
  if (matched.length === 0) return [[0, Math.min(words.length, MIN_WORDS) - 1]];
  if (words.length <= MAX_WORDS) return [[0, words.length - 1]];
  // Matches close enough to share a passage, then the passages with most matches.
  const groups: { first: number; last: number; count: number }[] = [];
  for (const i of matched) {
    const group = groups.at(-1);
    if (group && i - group.first < MAX_WORDS) {
      group.last = i;
      group.count++;
    } else {
      groups.push({ first: i, last: i, count: 1 });
    }
  }
  const chosen = groups
    .toSorted((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, MAX_PASSAGES)
    .sort((a, b) => a.first - b.first);
  const passages: [number, number][] = [];
  for (const group of chosen) {
    // Centred on the group's matches, within the text.
    const spare = MAX_WORDS - (group.last - group.first + 1);
    const start = Math.max(
      0,
      Math.min(group.first - Math.floor(spare / 2), words.length - MAX_WORDS),
    );
    const end = start + MAX_WORDS - 1;
    const previous = passages.at(-1);
    if (previous && start <= previous[1] + 1) previous[1] = end;
    else passages.push([start, end]);
  }
  return passages;
}

/** Pieces of text, plain ones run together. */
function piecesBuilder() {
  const result: Highlighted = [];
  const add = (text: string, match: boolean) => {
    if (!text) return;
    const last = result.at(-1);
    if (last && !last.match && !match) last.text += text;
    else result.push({ text, match });
  };
  return { result, add };
}

/** The whole text with its matched words marked. */
function markedAll(text: string, words: readonly Word[]): Highlighted {
  const { result, add } = piecesBuilder();
  let at = 0;
  for (const word of words) {
    add(text.slice(at, word.start), false);
    add(text.slice(word.start, word.end), word.match);
    at = word.end;
  }
  add(text.slice(at), false);
  return result;
}

/** The words of these ranges (from their first word to their last), joined by PASSAGE_BREAK, matches marked. */
function markedPassages(
  text: string,
  words: readonly Word[],
  ranges: [number, number][],
): Highlighted {
  const { result, add } = piecesBuilder();
  for (const [first, last] of ranges) {
    const shown = words.slice(first, last + 1);
    if (shown.length === 0) continue;
    if (result.length > 0) add(PASSAGE_BREAK, false);
    let at = shown[0]?.start ?? 0;
    for (const word of shown) {
      add(text.slice(at, word.start), false);
      add(text.slice(word.start, word.end), word.match);
      at = word.end;
    }
  }
  return result;
}
