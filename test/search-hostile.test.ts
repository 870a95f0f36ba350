import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { bodyPieces } from "../src/domain/search/snippets.ts";
import { TestClient } from "./helpers/client.ts";
import { countRows, makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Hostile input to search: every query gets a clear page (never a 500),
 * bounded by the parser's caps, and nothing an entry holds is ever output as
 * markup.
 */
const HOSTILE_QUERIES: [name: string, q: string][] = [
  ["SQL metacharacters", "'; drop table entries; -- \" \\ $1 %s"],
  ["LIKE wildcards", "%_% \\% _"],
  ["tsquery syntax", "'a' & !b | (c <-> d) <2> e:* f:AB"],
  ["casts and comments", "x::tsquery /* y */ z::regclass"],
  ["a 10,000-character query", "lorem ".repeat(2000)],
  ["one 10,000-character word", "x".repeat(10_000)],
  ["unbalanced quotes", '"open "close" "again'],
  ["only quotes", '"""""""'],
  ["a deep OR chain", Array.from({ length: 3000 }, (_, i) => `w${i}`).join(" OR ")],
  ["OR without terms", "OR OR OR"],
  ["regular-expression bomb", `${"(a+)+".repeat(50)}$ ${"a".repeat(60)}!`],
  ["nested groups", `${"(".repeat(500)}x${")".repeat(500)}`],
  [
    "every operator with junk",
    "from:@' kind:'; prompt:% has:* is:( in:../.. before:9999-99 lang:;",
  ],
  ["control characters and NUL", "a\u0000b\u0001c\u001f"],
  ["lone surrogates", "\uD800\uDC00\uDFFF\uD83D"],
  ["right-to-left and zero-width", "\u202Eevil\u200Bword\uFEFF"],
  ["stopwords only", "the and of"],
  ["HTML", "<script>alert(1)</script> <img src=x onerror=alert(1)>"],
];

describe("hostile search input", () => {
  let runtime: TestRuntime;
  let anonymous: TestClient;

  before(async () => {
    runtime = await startTestRuntime();
    const mallory = await makeMember(runtime.ctx, "mallory");
    await createEntry(runtime.ctx, mallory, {
      title: "Careful <b>markup</b>",
      body: "Use `<script>alert(1)</script>` carefully. Private use: \uE000x\uE001 and &#xE000;y&#57345; <img src=x onerror=alert(2)>",
    });
    anonymous = new TestClient(runtime.app);
  });

  after(() => runtime.close());

  for (const [name, q] of HOSTILE_QUERIES) {
    for (const sort of ["recent", "relevance"]) {
      it(`${name} (${sort}): a clear page, not a 500`, async () => {
        const response = await anonymous.get(
          `/search?${new URLSearchParams({ q, sort }).toString()}`,
        );
        assert.equal(response.status, 200);
        const page = await response.text();
        assert.ok(
          page.includes("Query: <code>") || page.includes("nothing to search for"),
          "the page says what it searched for",
        );
        assert.ok(!/<script>alert/.test(page), "nothing is output as markup");
        assert.ok(!/<img src=x/.test(page));
      });
    }
  }

  it("caps what it reads, and says so", async () => {
    const long = await (await anonymous.get(`/search?q=${"lorem ".repeat(2000)}`)).text();
    assert.match(long, /Only the first 1,000 characters were used/);
    const chain = Array.from({ length: 3000 }, (_, i) => `w${i}`).join(" OR ");
    const ors = await (await anonymous.get(`/search?q=${encodeURIComponent(chain)}`)).text();
    assert.match(ors, /Only the first \d+ terms were used/);
  });

  it("escapes snippets: entry text never becomes markup, and only matches are marked", async () => {
    const page = await (await anonymous.get("/search?q=carefully")).text();
    const results = page.slice(page.indexOf('id="results-heading"'));
    assert.match(results, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(results, /<mark>carefully<\/mark>/);
    const marked = [...results.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1]);
    assert.equal(marked.length, results.match(/<mark>/g)?.length, "every mark is closed");
    // "Careful" in the title shares the stem of "carefully"; the private-use
    // characters in the body (raw and as references) mark nothing.
    assert.deepEqual(marked, ["Careful", "carefully"]);
    const titled = await (await anonymous.get("/search?q=markup")).text();
    assert.match(titled, /Careful &lt;b&gt;<mark>markup<\/mark>&lt;\/b&gt;/);
  });

  it("marks nothing for references to the markers in received HTML", () => {
    // What ts_headline hands back for a post from another server: its HTML, our markers.
    const headline = "<p>x &#xE000;y&#57345; &#XE001;z&#057344; \uE000match\uE001 &amp;#xE000;</p>";
    assert.deepEqual(bodyPieces(headline), [
      { text: "x y z ", match: false },
      { text: "match", match: true },
      { text: " &#xE000;", match: false },
    ]);
  });

  it("answers 400 to a page token it did not make", async () => {
    for (const cursor of ["garbage", "x".repeat(5000), "cjEuNV9ub3QtYS11dWlk"]) {
      const response = await anonymous.get(`/search?q=x&sort=relevance&cursor=${cursor}`);
      assert.equal(response.status, 400, cursor.slice(0, 20));
    }
    assert.equal((await anonymous.get("/search?q=x&cursor=nope")).status, 400);
  });

  it("survives hostile directory filters and builder fields", async () => {
    for (const path of [
      "/directory?q=%25%5F%5C'%22",
      "/directory?cursor=';--",
      `/directory?q=${"x".repeat(5000)}`,
    ]) {
      assert.equal((await anonymous.get(path)).status, 200, path);
    }
    const built = await anonymous.get(
      `/search?build=1&words=${"a".repeat(3000)}&from=%27%3B--&kind=%00&after=never&phrase=%22%22%22`,
    );
    assert.equal(built.status, 303);
    const target = built.headers.get("location") ?? "";
    assert.equal((await anonymous.get(target)).status, 200);
  });

  it("saving searches: bad input is refused clearly and writes nothing", async () => {
    const member = await makeMember(runtime.ctx, "saver");
    const client = await signedInClient(runtime, member);
    const savedCount = async () => {
      const [row] = await runtime.database.sql<{ n: number }[]>`
        select count(*)::int as n from saved_searches`;
      return row?.n ?? 0;
    };
    assert.equal((await client.post("/search/saved", { q: "", name: "x" })).status, 422);
    assert.equal((await client.post("/search/saved", { q: "!!!" })).status, 422);
    assert.equal(
      (await client.post("/search/saved", { q: "a", name: "n".repeat(500) })).status,
      422,
    );
    assert.equal((await client.post("/search/saved", { q: "a", sort: "sideways" })).status, 422);
    assert.equal((await client.post("/search/saved", { q: "a" }, { csrf: false })).status, 403);
    assert.equal(await savedCount(), 0);
    assert.equal((await client.get("/search/saved/not-a-uuid")).status, 404);
    assert.equal(
      (await client.post("/search/saved/0190a7e2-0000-7000-8000-000000000000/delete", {})).status,
      404,
    );
    assert.equal(await countRows(runtime, "entries"), 1, "the archive is intact");
  });
});
