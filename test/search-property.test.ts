import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compose, decompose } from "../src/domain/search/builder.ts";
import { explainQuery, queryCaveats } from "../src/domain/search/explain.ts";
import { formatQuery } from "../src/domain/search/format.ts";
import { parseQuery } from "../src/domain/search/parse.ts";
import { MAX_PHRASE_CHARS, MAX_QUERY_CHARS } from "../src/domain/search/query.ts";

/**
 * Properties of the parser over generated input: any string parses without
 * throwing; its canonical form parses back to the same query (so the same
 * explanation); and nothing grows past the caps.
 */

/** Strings made of the language's own pieces, so operators and quotes meet often. */
const PIECES = [
  " ",
  " ",
  " ",
  "OR",
  "-",
  '"',
  "#",
  "@",
  ":",
  "from:",
  "kind:",
  "prompt:",
  "has:",
  "is:",
  "in:",
  "before:",
  "after:",
  "during:",
  "lang:",
  "photo",
  "learning",
  "media",
  "question",
  "unanswered",
  "2026",
  "2026-03",
  "2026-03-01",
  "de",
  "pt-BR",
  "alice",
  "bob@example.org",
  "Tag",
  "ü",
  "e\u0301",
  "İ",
  "ß",
  "\u0000",
  "\t",
  "\uD83D",
  "\uDE00",
  "😀",
  "%",
  "_",
  "'",
  "\\",
  ";",
  "--",
  "*",
  "(",
  ")",
  "<b>",
  "&amp;",
  ":*",
  "!",
  "|",
  "&",
];
const languageLike = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 60, size: "large" })
  .map((parts) => parts.join(""));
const anyString = fc.oneof(
  fc.string({ maxLength: 300, unit: "binary", size: "large" }),
  fc.string({ maxLength: 300, unit: "grapheme", size: "large" }),
  languageLike,
);

const RUNS = { numRuns: 3000 };

describe("the query parser, on any string", () => {
  it("never throws and always explains", () => {
    fc.assert(
      fc.property(anyString, (input) => {
        const query = parseQuery(input);
        const sentence = explainQuery(query);
        assert.ok(sentence.length > 0 && sentence.endsWith("."));
        queryCaveats(query);
      }),
      RUNS,
    );
  });

  it("round-trips: the canonical form reads as the same query and explanation", () => {
    fc.assert(
      fc.property(anyString, (input) => {
        const query = parseQuery(input);
        const canonical = formatQuery(query);
        const again = parseQuery(canonical);
        assert.deepEqual(again.groups, query.groups);
        assert.equal(formatQuery(again), canonical);
        assert.equal(explainQuery(again), explainQuery(query));
      }),
      RUNS,
    );
  });

  it("stays within its caps", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 900, maxLength: 12_000 }), (input) => {
        const query = parseQuery(input);
        assert.ok(formatQuery(query).length <= MAX_QUERY_CHARS);
        assert.ok(query.groups.flat().length <= 30);
      }),
      { numRuns: 200 },
    );
  });

  it("the builder's fields hold any query without losing a term", () => {
    fc.assert(
      fc.property(languageLike, (input) => {
        const query = parseQuery(input);
        const again = parseQuery(compose(decompose(query)));
        const sorted = (q: typeof query) =>
          q.groups.map((g) => formatQuery({ groups: [g] })).sort();
        assert.deepEqual(sorted(again), sorted(query));
      }),
      RUNS,
    );
  });

  // Found by the property above (seed 1811667104): a phrase cut to its length
  // limit right after a space kept that space, which the builder's field trims.
  it("cuts a long phrase without leaving a space at its end", () => {
    const words = `${"a".repeat(MAX_PHRASE_CHARS - 1)} tail`;
    const query = parseQuery(`"${words}`);
    const term = query.groups[0]?.[0];
    assert.deepEqual(term, {
      type: "phrase",
      text: "a".repeat(MAX_PHRASE_CHARS - 1),
      negated: false,
    });
    assert.deepEqual(parseQuery(compose(decompose(query))).groups, query.groups);
  });
});
