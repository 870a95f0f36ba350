import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Highlighted,
  highlighter,
  lexemesOf,
  markedHere,
  searchConfigOf,
} from "../src/domain/search/highlight.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Matches marked in Node (highlight.ts) must be the words PostgreSQL matched:
 * the same English stems, the same configuration for each language.
 */

const matchedWords = (pieces: Highlighted) => pieces.filter((p) => p.match).map((p) => p.text);
const textOf = (pieces: Highlighted) => pieces.map((p) => p.text).join("");

/** Words, and the same words inflected: thousands of forms for the stemmer's rules. */
function vocabulary(): string[] {
  const stems =
    "team design learn run happy study agree generate general organize relate condition rational valence hesitate digit conform radical differ vile analogy predict operate feud decide hope callous formal sensitive sense triple form electric revive allow infer airline gyroscope adjust defend irritate replace depend adopt homology communism activate angular effect bowdler news atlas cosmos bias sky idle gentle ugly early only single can herring earring proceed exceed succeed generous universe arsenal past prototype feedback onboard retrospective interview research surprise explain whole read write note sketch whiteboard talk carefully begin stop plan map try cry fly deny apply supply reply marry carry bury worry hurry copy party city body story duty beauty fancy mercy pity".split(
      " ",
    );
  const suffixes = ["", "s", "es", "ed", "ing", "er", "est", "ly", "ness", "ment", "ation", "ize"];
  const more = ["izing", "ized", "ful", "less", "able", "ity", "ies", "ied", "ying", "ousness"];
  // The stemmer's exceptions, whose stems are not the start of the word.
  const exceptions = "dying lying tying skies skis idly gently ugly early only singly howe andes";
  return [
    ...new Set([
      ...stems.flatMap((stem) => [...suffixes, ...more].map((s) => stem + s)),
      ...exceptions.split(" "),
    ]),
  ];
}

describe("search: matches marked in Node", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(() => runtime.close());

  it("stems English words as PostgreSQL's english configuration does", async () => {
    const words = vocabulary();
    const rows = await runtime.database.sql<{ word: string; stem: string | null }[]>`
      select word, (ts_lexize('english_stem', word))[1] as stem
      from unnest(${words}::text[]) as word`;
    const stemmed = rows.filter((row) => row.stem !== null);
    assert.ok(stemmed.length > 2000, `${stemmed.length} words stemmed`);
    const missed = stemmed.filter(
      ({ word, stem }) =>
        matchedWords(highlighter(`'${stem}'`).all(word, "en")).join() !== word ||
        matchedWords(highlighter(`'${stem}x'`).all(word, "en")).length > 0,
    );
    assert.deepEqual(missed.slice(0, 10), [], `${missed.length} words stemmed otherwise`);
  });

  it("gives each language the configuration outloud_search_config gives it", async () => {
    const languages = [
      ...["ar", "da", "de", "el", "en", "es", "fi", "fr", "ga", "hu", "id", "it", "lt"],
      ...["nb", "ne", "nl", "nn", "no", "pt", "ro", "ru", "sr", "sv", "ta", "tr"],
      ...["EN-gb", "pt-BR", "zh", "xx", "", "constructor", "toString", "en_US"],
    ];
    const rows = await runtime.database.sql<{ language: string; config: string }[]>`
      select language, outloud_search_config(language)::text as config
      from unnest(${languages}::text[]) as language`;
    for (const { language, config } of rows) {
      assert.equal(searchConfigOf(language), config, language);
    }
    assert.equal(searchConfigOf(null), "simple");
    assert.ok(markedHere("en-GB") && markedHere(null) && markedHere("zh"));
    assert.ok(!markedHere("de") && !markedHere("fr"));
  });

  it("reads the lexemes of a tsquery's text, quotes included", () => {
    assert.deepEqual(
      [...lexemesOf("( 'team' | 'feedback' ) & 'o''brien'")],
      ["team", "feedback", "o'brien"],
    );
  });

  it("marks every match in a title, and words in lower case in a text in no known language", () => {
    const marker = highlighter("'team' | 'run'");
    const title = marker.all("Teams: the TEAM runs (a team-run)", "en");
    assert.equal(textOf(title), "Teams: the TEAM runs (a team-run)");
    assert.deepEqual(matchedWords(title), ["Teams", "TEAM", "runs", "team", "run"]);
    assert.deepEqual(matchedWords(marker.all("Teams of one team", null)), ["team"], "no stems");
    assert.deepEqual(marker.all("", "en"), []);
    assert.deepEqual(marker.all("…!", "en"), [{ text: "…!", match: false }]);
    // Any case, letters beyond ASCII, digits; words split where PostgreSQL's parser splits them.
    const other = highlighter("'équipe' | '2026' | 'naïve'");
    assert.deepEqual(matchedWords(other.all("ÉQUIPE, l’équipe 2026 naïve naive", "fr")), [
      "ÉQUIPE",
      "équipe",
      "2026",
      "naïve",
    ]);
  });

  it("shows up to two passages around the matches, or the text's start", () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[10] = "team";
    words[80] = "teams";
    words[83] = "team";
    const text = `${words.join(" ")}.`;
    const marker = highlighter("'team'");
    const passages = marker.passages(text, "en");
    const shown = textOf(passages);
    assert.deepEqual(matchedWords(passages), ["team", "teams", "team"]);
    assert.equal(shown.split(" … ").length, 2, shown);
    for (const passage of shown.split(" … ")) assert.equal(passage.split(" ").length, 30, passage);
    assert.ok(shown.startsWith("w0 ") && shown.endsWith(" w96"), shown);
    // Three groups of matches: the two with the most are shown.
    words[50] = "team";
    words[52] = "team";
    const two = textOf(marker.passages(words.join(" "), "en"));
    assert.ok(!two.includes(" w10 ") && two.includes("w51") && two.includes("w82"), two);
    // No match (the words matched in the title or tags): the first twelve words.
    const elsewhere = highlighter("'zebra'").passages(words.join(" "), "en");
    assert.equal(textOf(elsewhere), words.slice(0, 12).join(" "));
    // A short text: all of it.
    assert.equal(textOf(marker.passages("A small team.", "en")), "A small team");
  });
});
