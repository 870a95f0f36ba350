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

/** A letter or digit (PostgreSQL's parser makes words of runs of them). */
const WORD_CHARACTER = /[\p{L}\p{M}\p{N}]/u;
const nonAscii = new Map<number, boolean>();

function isWordCharacter(code: number): boolean {
  if (code < 128) {
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  }
  let known = nonAscii.get(code);
  if (known === undefined) {
    known = WORD_CHARACTER.test(String.fromCodePoint(code));
    if (nonAscii.size < 10_000) nonAscii.set(code, known);
  }
  return known;
}

/**
 * A text's words: where each starts and ends, and whether it matched. One
 * set of arrays serves every text (marking never waits), so a page's 1,400
 * words allocate nothing but the few that could match.
 */
const words = {
  count: 0,
  starts: new Int32Array(512),
  ends: new Int32Array(512),
  matched: new Uint8Array(512),
};

function addWord(start: number, end: number, match: boolean): void {
  if (words.count === words.starts.length) {
    const grown = words.count * 2;
    const starts = new Int32Array(grown);
    const ends = new Int32Array(grown);
    const matched = new Uint8Array(grown);
    starts.set(words.starts);
    ends.set(words.ends);
    matched.set(words.matched);
    Object.assign(words, { starts, ends, matched });
  }
  words.starts[words.count] = start;
  words.ends[words.count] = end;
  words.matched[words.count] = match ? 1 : 0;
  words.count++;
}

/** Fills `words` with the text's words, each tested with `matches` (given its start). */
function scanWords(text: string, matches: (start: number, end: number) => boolean): void {
  words.count = 0;
  let start = -1;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) ?? 0;
    const size = code > 0xffff ? 2 : 1;
    if (isWordCharacter(code)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      addWord(start, i, matches(start, i));
      start = -1;
    }
    i += size;
  }
  if (start >= 0) addWord(start, text.length, matches(start, text.length));
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
  // The letters a matching word can start with (a stem's start reads y as i).
  const initials = new Set([...lexemes, ...starts].map((word) => word[0]).concat("y"));
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
  const scan = (text: string, language: string | null) => {
    const stemmed = searchConfigOf(language) === "english";
    const known = stemmed ? decided.stemmed : decided.plain;
    scanWords(text, (start, end) => {
      const first = text.charCodeAt(start);
      // An ASCII letter or digit no lexeme starts with: no need to read the word.
      if (first < 128 && !initials.has(String.fromCharCode(first | 0x20))) return false;
      const word = text.slice(start, end);
      let found = known.get(word);
      if (found === undefined) {
        found = decide(word, stemmed);
        known.set(word, found);
      }
      return found;
    });
  };
  return {
    all: (text, language) => {
      scan(text, language);
      // The whole text, what surrounds its words included (a text without words as it is).
      if (words.count === 0) return text ? [{ text, match: false }] : [];
      return marked(text, [[0, words.count - 1]], 0, text.length);
    },
    passages: (text, language) => {
      scan(text, language);
      return marked(text, passagesOf());
    },
  };
}

/** Which of `words` (first and last index, inclusive) the passages show. */
function passagesOf(): [number, number][] {
  const count = words.count;
  const groups: { first: number; last: number; count: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (!words.matched[i]) continue;
    // Matches close enough to share a passage.
    const group = groups.at(-1);
    if (group && i - group.first < MAX_WORDS) {
      group.last = i;
      group.count++;
    } else {
      groups.push({ first: i, last: i, count: 1 });
    }
  }
  if (groups.length === 0) return [[0, Math.min(count, MIN_WORDS) - 1]];
  if (count <= MAX_WORDS) return [[0, count - 1]];
  // The passages with most matches, in the text's order.
  const chosen = groups
    .toSorted((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, MAX_PASSAGES)
    .sort((a, b) => a.first - b.first);
  const passages: [number, number][] = [];
  for (const group of chosen) {
    // Centred on the group's matches, within the text.
    const spare = MAX_WORDS - (group.last - group.first + 1);
    const start = Math.max(0, Math.min(group.first - Math.floor(spare / 2), count - MAX_WORDS));
    const end = start + MAX_WORDS - 1;
    const previous = passages.at(-1);
    if (previous && start <= previous[1] + 1) previous[1] = end;
    else passages.push([start, end]);
  }
  return passages;
}

/**
 * The text of these ranges of `words`, joined by PASSAGE_BREAK, with the
 * matched words marked; from `from` to `to` (offsets) when given, else each
 * range from its first word to its last.
 */
function marked(text: string, ranges: [number, number][], from?: number, to?: number): Highlighted {
  const result: Highlighted = [];
  const add = (piece: string, match: boolean) => {
    if (!piece) return;
    const last = result.at(-1);
    if (last && !last.match && !match) last.text += piece;
    else result.push({ text: piece, match });
  };
  for (const [first, last] of ranges) {
    if (last < first) continue;
    if (result.length > 0) add(PASSAGE_BREAK, false);
    let at = from ?? words.starts[first] ?? 0;
    for (let i = first; i <= last; i++) {
      if (!words.matched[i]) continue;
      const start = words.starts[i] ?? 0;
      const end = words.ends[i] ?? 0;
      add(text.slice(at, start), false);
      add(text.slice(start, end), true);
      at = end;
    }
    add(text.slice(at, to ?? words.ends[last] ?? at), false);
  }
  return result;
}
