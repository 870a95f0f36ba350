import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compose, decompose } from "../src/domain/search/builder.ts";
import { explainQuery, queryCaveats } from "../src/domain/search/explain.ts";
import { formatQuery } from "../src/domain/search/format.ts";
import { parseQuery } from "../src/domain/search/parse.ts";
import { parsePeriod } from "../src/domain/search/period.ts";
import { MAX_QUERY_CHARS, MAX_TERMS } from "../src/domain/search/query.ts";

/**
 * The query language, one row per case: the input, the canonical query it
 * reads as, and the sentence that explains it. Every operator alone, negated,
 * in OR groups and combined; then the forgiving cases (unknown operators, bad
 * values, stray quotes and dashes).
 */
const CASES: [input: string, canonical: string, explanation: string][] = [
  // Words and phrases
  ["onboarding", "onboarding", "Entries containing “onboarding”."],
  [
    "  onboarding   redesign ",
    "onboarding redesign",
    "Entries containing “onboarding” and “redesign”.",
  ],
  [
    '"onboarding redesign"',
    '"onboarding redesign"',
    "Entries containing the exact phrase “onboarding redesign”.",
  ],
  ['"  spaced    out  "', '"spaced out"', "Entries containing the exact phrase “spaced out”."],
  [
    '"unclosed phrase',
    '"unclosed phrase"',
    "Entries containing the exact phrase “unclosed phrase”.",
  ],
  ['""', "", "All entries you can see."],
  ["-draft", "-draft", "Entries not containing “draft”."],
  ['-"old plan"', '-"old plan"', "Entries not containing the exact phrase “old plan”."],
  ["--draft", "-draft", "Entries not containing “draft”."],
  ["- draft", "draft", "Entries containing “draft”."],
  ['wo"rd', "word", "Entries containing “word”."],
  // OR
  ["design OR research", "design OR research", "Entries containing “design” or “research”."],
  ["a OR b OR c", "a OR b OR c", "Entries containing “a” or “b” or “c”."],
  ["a b OR c d", "a b OR c d", "Entries containing “a” containing “b” or “c” containing “d”."],
  ["OR a", "a", "Entries containing “a”."],
  ["a OR", "a", "Entries containing “a”."],
  ["a OR OR b", "a OR b", "Entries containing “a” or “b”."],
  ["a or b", "a or b", "Entries containing “a” and “or” and “b”."],
  ["-OR", "-OR", "Entries not containing “OR”."],
  ['"OR"', '"OR"', "Entries containing the exact phrase “OR”."],
  // Tags
  ["#prototype", "#prototype", "Entries tagged #prototype."],
  ["#LearningDesign", "#learningdesign", "Entries tagged #learningdesign."],
  ["-#draft", "-#draft", "Entries not tagged #draft."],
  ["#ux OR #ui", "#ux OR #ui", "Entries tagged #ux or #ui."],
  ["#ux #ui", "#ux #ui", "Entries tagged #ux and #ui."],
  ["#foo-bar", "#foo-bar", "Entries containing “#foo-bar”."],
  ["#", "", "All entries you can see."],
  // from:
  ["from:@alice", "from:@alice", "Entries by @alice."],
  ["from:Alice", "from:@alice", "Entries by @alice."],
  ["-from:@alice", "-from:@alice", "Entries not by @alice."],
  ["from:@bob@example.org", "from:@bob@example.org", "Entries by @bob@example.org."],
  ["from:@bob@Example.ORG:8443", "from:@bob@example.org:8443", "Entries by @bob@example.org:8443."],
  ["from:@not-a-handle!", "from:@not-a-handle!", "Entries containing “from:@not-a-handle!”."],
  ["from:@a@b@c", "from:@a@b@c", "Entries containing “from:@a@b@c”."],
  // kind:
  ["kind:photo", "kind:photo", "Photo entries."],
  ["kind:AUDIO", "kind:audio", "Audio entries."],
  ["kind:video kind:note", "kind:video kind:note", "Video entries that are notes."],
  ["kind:photo OR kind:video", "kind:photo OR kind:video", "Photo or video entries."],
  ["-kind:link", "-kind:link", "Entries that are not links."],
  ["kind:article", "kind:article", "Article entries."],
  ["kind:banana", "kind:banana", "Entries containing “kind:banana”."],
  // prompt:
  ["prompt:learning", "prompt:learning", "Entries about what they are learning."],
  ["prompt:working-on", "prompt:working-on", "Entries about what they are working on."],
  ["prompt:connected", "prompt:connected", "Entries about who they connected with."],
  ["prompt:inspired", "prompt:inspired", "Entries about what inspired them."],
  ["prompt:helped-by", "prompt:helped-by", "Entries about who helped them."],
  ["prompt:reflection", "prompt:reflection", "Entries reflecting on their work."],
  ["-prompt:learning", "-prompt:learning", "Entries not about what they are learning."],
  ["prompt:dreaming", "prompt:dreaming", "Entries containing “prompt:dreaming”."],
  // has: and is:
  ["has:media", "has:media", "Entries with media."],
  ["-has:media", "-has:media", "Entries without media."],
  ["has:link", "has:link", "Entries with a link."],
  ["has:question", "has:question", "Entries that are questions."],
  ["is:unanswered", "is:unanswered", "Entries that are unanswered questions."],
  ["has:cats", "has:cats", "Entries containing “has:cats”."],
  // in:
  ["in:my-portfolio", "in:my-portfolio", "Entries in the portfolio “my-portfolio”."],
  ["in:My-Work", "in:my-work", "Entries in the portfolio “my-work”."],
  ["-in:drafts", "-in:drafts", "Entries not in the portfolio “drafts”."],
  ["in:-bad", "in:-bad", "Entries containing “in:-bad”."],
  // Dates
  ["after:2026-03-01", "after:2026-03-01", "Entries after 1 March 2026."],
  ["before:2026-03", "before:2026-03", "Entries before March 2026."],
  ["during:2026-03", "during:2026-03", "Entries during March 2026."],
  ["during:2026", "during:2026", "Entries during 2026."],
  ["during:2026-03-05", "during:2026-03-05", "Entries on 5 March 2026."],
  ["-during:2026", "-during:2026", "Entries not during 2026."],
  ["after:2026-02-30", "after:2026-02-30", "Entries containing “after:2026-02-30”."],
  ["before:yesterday", "before:yesterday", "Entries containing “before:yesterday”."],
  ["after:2026-13", "after:2026-13", "Entries containing “after:2026-13”."],
  // lang:
  ["lang:de", "lang:de", "Entries written in German."],
  ["lang:pt-BR", "lang:pt-br", "Entries written in Brazilian Portuguese."],
  ["-lang:en", "-lang:en", "Entries not written in English."],
  ["lang:x", "lang:x", "Entries containing “lang:x”."],
  // Unknown operators are words
  ["foo:bar", "foo:bar", "Entries containing “foo:bar”."],
  ["https://example.org/a", "https://example.org/a", "Entries containing “https://example.org/a”."],
  ["kind:", "kind:", "Entries containing “kind:”."],
  // Combinations
  [
    "kind:photo from:@alice #prototype after:2026-03-01",
    "kind:photo from:@alice #prototype after:2026-03-01",
    "Photo entries by @alice tagged #prototype after 1 March 2026.",
  ],
  [
    'onboarding "user research" -draft #ux OR #ui prompt:learning has:link lang:en during:2026-03',
    'onboarding "user research" -draft #ux OR #ui prompt:learning has:link lang:en during:2026-03',
    "Entries containing “onboarding” containing the exact phrase “user research” not containing “draft” tagged #ux or #ui about what they are learning with a link written in English during March 2026.",
  ],
  ["design OR from:@bob", "design OR from:@bob", "Entries either containing “design” or by @bob."],
  [
    "-kind:note OR has:media in:work before:2027",
    "-kind:note OR has:media in:work before:2027",
    "Entries either that are not notes or with media in the portfolio “work” before 2027.",
  ],
];

describe("the query parser", () => {
  for (const [input, canonical, explanation] of CASES) {
    it(`reads ${JSON.stringify(input)}`, () => {
      const query = parseQuery(input);
      assert.equal(formatQuery(query), canonical);
      assert.equal(explainQuery(query), explanation);
      assert.deepEqual(
        parseQuery(canonical).groups,
        query.groups,
        "the canonical form reads the same",
      );
    });
  }

  it("gives each clause its structure", () => {
    const [word, phrase, tag, from, kind, during, lang] = parseQuery(
      'Word -"a phrase" #Tag from:@bob@host.example kind:video during:2026-02 lang:DE',
    ).groups.map((group) => group[0]);
    assert.deepEqual(word, { type: "word", text: "Word", negated: false });
    assert.deepEqual(phrase, { type: "phrase", text: "a phrase", negated: true });
    assert.deepEqual(tag, { type: "tag", tag: "tag", negated: false });
    assert.deepEqual(from, { type: "from", handle: "bob", host: "host.example", negated: false });
    assert.deepEqual(kind, { type: "kind", value: "video", negated: false });
    assert.deepEqual(lang, { type: "lang", language: "de", negated: false });
    const period = (during as { period: { start: Date; end: Date; unit: string } }).period;
    assert.equal(period.unit, "month");
    assert.equal(period.start.toISOString(), "2026-02-01T00:00:00.000Z");
    assert.equal(period.end.toISOString(), "2026-03-01T00:00:00.000Z");
  });

  it("says why it read an operator as words", () => {
    assert.match(
      parseQuery("kind:banana").notes.join(" "),
      /not a kind: operator.*searched as words/,
    );
    assert.match(parseQuery("after:soon").notes.join(" "), /a date: 2026, 2026-03 or 2026-03-01/);
    assert.match(parseQuery("!!! ok").notes.join(" "), /“!!!” has no letters or digits; ignored/);
  });

  it("says what cannot match yet", () => {
    assert.deepEqual(queryCaveats(parseQuery("has:question is:unanswered")), []);
    assert.match(queryCaveats(parseQuery("from:@a@b.example")).join(" "), /other servers/);
    assert.deepEqual(queryCaveats(parseQuery("from:@alice has:media")), []);
  });

  it("caps long input, long words and many terms", () => {
    const long = parseQuery("word ".repeat(5000));
    assert.equal(long.groups.length, MAX_TERMS);
    assert.ok(long.notes.some((n) => /first 1,000 characters/.test(n)));
    assert.ok(long.notes.some((n) => /Only the first 30 terms/.test(n)));
    const giant = parseQuery("x".repeat(500)).groups[0]?.[0];
    assert.equal(giant?.type === "word" && giant.text.length, 100);
    assert.ok(formatQuery(parseQuery('"'.concat("y ".repeat(600)))).length <= MAX_QUERY_CHARS);
  });

  it("reads deep OR chains as one group, bounded", () => {
    const query = parseQuery(Array.from({ length: 500 }, (_, i) => `w${i}`).join(" OR "));
    assert.equal(query.groups.length, 1);
    assert.equal(query.groups[0]?.length, MAX_TERMS);
  });

  it("cleans control characters, lone surrogates and non-strings", () => {
    assert.equal(formatQuery(parseQuery("a\u0000b\tc\u0007d")), "a b c d");
    assert.equal(formatQuery(parseQuery("\uD800x")), "\uFFFDx");
    assert.deepEqual(parseQuery(undefined).groups, []);
    assert.deepEqual(parseQuery(42).groups, []);
  });
});

describe("calendar periods", () => {
  const CASES: [string, string | null, string | null][] = [
    ["2026", "2026-01-01", "2027-01-01"],
    ["2026-12", "2026-12-01", "2027-01-01"],
    ["2024-02-29", "2024-02-29", "2024-03-01"],
    ["2026-02-29", null, null],
    ["2026-00", null, null],
    ["2026-04-31", null, null],
    ["0999", null, null],
    ["26-03-01", null, null],
  ];
  for (const [text, start, end] of CASES) {
    it(`reads ${text}`, () => {
      const period = parsePeriod(text);
      assert.equal(period?.start.toISOString().slice(0, 10) ?? null, start);
      assert.equal(period?.end.toISOString().slice(0, 10) ?? null, end);
    });
  }
});

describe("the query builder", () => {
  it("writes the query from its fields", () => {
    assert.equal(
      compose({
        words: "onboarding",
        phrase: 'user "research',
        any: "design research",
        exclude: "draft -old",
        tags: "#ux, prototype",
        from: "@alice",
        kind: "photo",
        prompt: "learning",
        has: "media",
        in: "my-work",
        lang: "de",
        after: "2026-03-01",
        before: "2026-04-01",
        during: "2026-03",
        other: "-#secret",
      }),
      'onboarding "user research" design OR research -draft -old #ux #prototype from:@alice kind:photo prompt:learning has:media in:my-work lang:de after:2026-03-01 before:2026-04-01 during:2026-03 -#secret',
    );
  });

  it("ignores values a select cannot hold", () => {
    assert.equal(compose({ kind: "banana", prompt: "x", has: "y", words: "ok" }), "ok");
  });

  it("fills its fields from a query and writes an equivalent one back", () => {
    const queries = [
      "onboarding -draft #ux from:@alice kind:photo after:2026-03-01",
      'design OR research "user research" prompt:learning has:link in:work lang:de during:2026-03 before:2027',
      "kind:photo kind:video -#x from:@a@b.example a OR #b -has:media",
    ];
    for (const text of queries) {
      const query = parseQuery(text);
      const again = parseQuery(compose(decompose(query)));
      const sorted = (q: typeof query) => q.groups.map((g) => formatQuery({ groups: [g] })).sort();
      assert.deepEqual(sorted(again), sorted(query), text);
    }
    assert.deepEqual(decompose(parseQuery("kind:photo kind:video")), {
      kind: "photo",
      other: "kind:video",
    });
  });
});
