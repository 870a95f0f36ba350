import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry, type NewEntryInput } from "../src/domain/entries/index.ts";
import { newId } from "../src/domain/ids.ts";
import { countMatches } from "../src/domain/search/entries.ts";
import { refreshEntrySearch, searchEntries } from "../src/domain/search/index.ts";
import { ANONYMOUS, type CurrentUser, type Viewer } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Each operator against a small, fixed archive: the exact entries it must
 * return, in order (newest first unless sorted by relevance).
 */

type Name = "e1" | "e2" | "e3" | "e4" | "e5" | "e6";

describe("search results", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-01-01T12:00:00Z");
  const ids = {} as Record<Name, string>;
  const byId = new Map<string, Name>();
  let alice: CurrentUser;

  async function write(name: Name, author: CurrentUser, at: string, input: NewEntryInput) {
    clock = new Date(at);
    const saved = await createEntry(runtime.ctx, author, input);
    ids[name] = saved.id;
    byId.set(saved.id, name);
  }

  async function names(q: string, viewer: Viewer = ANONYMOUS, sort?: "relevance") {
    const results = await searchEntries(runtime.ctx, viewer, { q, sort });
    return results.hits.map((hit) => byId.get(hit.entry?.id ?? "") ?? hit.entry?.id ?? "");
  }

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    alice = await makeMember(runtime.ctx, "alice");
    const bob = await makeMember(runtime.ctx, "bob");
    const carol = await makeMember(runtime.ctx, "carol");
    await write("e1", alice, "2026-02-10T10:00:00Z", {
      kind: "article",
      title: "Onboarding redesign",
      body: "Explained the onboarding redesign to the whole team. #prototype",
      tags: "ux",
      prompt: "working-on",
    });
    await write("e2", alice, "2026-03-05T10:00:00Z", {
      body: "Learning how running retrospectives helps teams",
      prompt: "learning",
      tags: "retro",
    });
    await write("e3", bob, "2026-03-20T10:00:00Z", {
      kind: "link",
      linkUrl: "https://example.org/article",
      body: "A great read about design systems #design",
    });
    await write("e4", bob, "2026-04-02T10:00:00Z", {
      body: "Wir lernen jeden Tag etwas Neues über Design",
      language: "de",
      tags: "design",
    });
    await write("e5", alice, "2026-04-15T10:00:00Z", {
      body: "Read the [research notes](https://docs.example.org/notes) again",
      prompt: "reflection",
    });
    await write("e6", carol, "2026-05-01T10:00:00Z", {
      body: "User research interviews: what surprised me",
      tags: "research ux",
      prompt: "inspired",
    });
    const sql = runtime.database.sql;
    // A photo with alt text and a transcript on e6; search must find their words.
    await sql`insert into media (id, owner_id, entry_id, kind, format, bytes, alt, transcript, state)
      values (${newId()}, ${carol.actorId}, ${ids.e6}, 'image', 'jpeg', 10, 'whiteboard sketch',
        'we talked about onboarding', 'ready')`;
    await refreshEntrySearch(runtime.ctx, ids.e6);
    // A public portfolio holding e1, a private one holding e2.
    for (const [slug, audience, entry] of [
      ["best-work", "public", ids.e1],
      ["secret", "private", ids.e2],
    ] as const) {
      const portfolio = newId();
      const section = newId();
      await sql`insert into portfolios (id, owner_id, slug, title, audience)
        values (${portfolio}, ${alice.actorId}, ${slug}, ${slug}, ${audience})`;
      await sql`insert into portfolio_sections (id, portfolio_id, position) values (${section}, ${portfolio}, 0)`;
      await sql`insert into portfolio_items (id, portfolio_id, section_id, entry_id, position)
        values (${newId()}, ${portfolio}, ${section}, ${entry}, 0)`;
    }
  });

  after(() => runtime.close());

  const EXPECTED: [query: string, expected: Name[]][] = [
    ["onboarding", ["e6", "e1"]],
    ['"onboarding redesign"', ["e1"]],
    ['"redesign onboarding"', []],
    ["onboarding -whiteboard", ["e1"]],
    ["run", ["e2"]],
    ["RETROSPECTIVE", ["e2"]],
    ["design OR research", ["e6", "e5", "e4", "e3"]],
    ["onboarding OR #retro", ["e6", "e2", "e1"]],
    ["#ux", ["e6", "e1"]],
    ["#UX #research", ["e6"]],
    ["-#ux", ["e5", "e4", "e3", "e2"]],
    ["#prototype", ["e1"]],
    ["from:@bob", ["e4", "e3"]],
    ["from:@BOB", ["e4", "e3"]],
    ["-from:@alice", ["e6", "e4", "e3"]],
    ["from:@bob@example.org", []],
    ["from:@nobody", []],
    ["kind:article", ["e1"]],
    ["kind:link", ["e3"]],
    ["kind:photo", []],
    ["kind:note -prompt:reflection", ["e6", "e4", "e2"]],
    ["prompt:learning", ["e2"]],
    ["prompt:working-on OR prompt:inspired", ["e6", "e1"]],
    ["has:link", ["e5", "e3"]],
    ["has:media", ["e6"]],
    ["-has:media", ["e5", "e4", "e3", "e2", "e1"]],
    ["has:question", []],
    ["is:unanswered", []],
    ["in:best-work", ["e1"]],
    ["in:secret", []],
    ["before:2026-03", ["e1"]],
    ["after:2026-04", ["e6"]],
    ["after:2026-04-15", ["e6"]],
    ["during:2026-03", ["e3", "e2"]],
    ["during:2026-04-02", ["e4"]],
    ["-during:2026-03", ["e6", "e5", "e4", "e1"]],
    ["lang:de", ["e4"]],
    ["-lang:en", ["e4"]],
    ["lernen", ["e4"]],
    ["design lang:de", ["e4"]],
    ["whiteboard", ["e6"]],
    ["sketch kind:note", ["e6"]],
    ["kind:note from:@alice after:2026-03-01", ["e5", "e2"]],
    ["kind:banana", []],
    ["teams OR -from:@alice from:@carol", ["e6"]],
  ];

  for (const [query, expected] of EXPECTED) {
    it(`${query} → ${expected.join(", ") || "nothing"}`, async () => {
      assert.deepEqual(await names(query), expected);
    });
  }

  it("in: shows a private portfolio's entries to its owner only", async () => {
    assert.deepEqual(await names("in:secret", alice), ["e2"]);
  });

  it("sorts by relevance when asked: a title match ranks above a transcript match", async () => {
    assert.deepEqual(await names("onboarding", ANONYMOUS, "relevance"), ["e1", "e6"]);
    const results = await searchEntries(runtime.ctx, ANONYMOUS, { q: "#ux", sort: "relevance" });
    assert.equal(results.sort, "recent", "nothing to rank by: newest first");
    assert.ok(results.notes.some((n) => /relevance needs words/.test(n)));
  });

  for (const sort of ["recent", "relevance"] as const) {
    it(`pages through every result once (${sort})`, async () => {
      const q = sort === "recent" ? "-#nothing" : "design OR research OR onboarding";
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const results = await searchEntries(runtime.ctx, ANONYMOUS, { q, sort, cursor, limit: 2 });
        seen.push(...results.hits.map((h) => byId.get(h.entry?.id ?? "") ?? "?"));
        cursor = results.nextCursor;
        if (!cursor) break;
      }
      const all = await names(q, ANONYMOUS, sort === "relevance" ? "relevance" : undefined);
      assert.deepEqual(seen, all);
      assert.equal(new Set(seen).size, sort === "recent" ? 6 : 5);
    });
  }

  it("refuses a page token it did not make", async () => {
    await assert.rejects(
      searchEntries(runtime.ctx, ANONYMOUS, { q: "x", sort: "relevance", cursor: "bogus" }),
      /page link is not valid/,
    );
  });

  it("counts matches, up to a cap", async () => {
    const results = await searchEntries(runtime.ctx, ANONYMOUS, { q: "design OR research" });
    assert.deepEqual(results.total, { count: 4, capped: false });
    const where = (await import("drizzle-orm")).sql`true`;
    assert.deepEqual(await countMatches(runtime.ctx, where, 2), { count: 2, capped: true });
  });

  it("marks the matched words in titles and snippets, transcripts included", async () => {
    const results = await searchEntries(runtime.ctx, ANONYMOUS, { q: "onboarding" });
    const [carols, alices] = results.hits;
    const marked = (pieces: { text: string; match: boolean }[] = []) =>
      pieces.filter((p) => p.match).map((p) => p.text.toLowerCase());
    assert.deepEqual(marked(alices?.snippet?.title), ["onboarding"]);
    assert.ok(marked(alices?.snippet?.body).includes("onboarding"));
    assert.ok(marked(carols?.snippet?.body).includes("onboarding"));
    assert.match(carols?.snippet?.body.map((p) => p.text).join("") ?? "", /talked about/);
  });

  it("marks words by their stems: in English in Node, in other languages by PostgreSQL", async () => {
    const marked = async (q: string) => {
      const [hit] = (await searchEntries(runtime.ctx, ANONYMOUS, { q })).hits;
      return hit?.snippet?.body.filter((p) => p.match).map((p) => p.text) ?? [];
    };
    assert.deepEqual(await marked("run"), ["running"]);
    assert.deepEqual(await marked("retrospective team"), ["retrospectives", "teams"]);
    // German stems: "Neues" is indexed as "neu", which its lower case is not.
    assert.deepEqual(await marked("neu lang:de"), ["Neues"]);
  });

  it("explains the query and shows its canonical form", async () => {
    const results = await searchEntries(runtime.ctx, ANONYMOUS, {
      q: "KIND:article  from:alice #Prototype",
    });
    assert.equal(results.text, "kind:article from:@alice #prototype");
    assert.equal(results.explanation, "Article entries by @alice tagged #prototype.");
    assert.deepEqual(
      results.hits.map((h) => byId.get(h.entry?.id ?? "")),
      ["e1"],
    );
  });

  it("finds an edited entry by its new words only", async () => {
    const { updateEntry } = await import("../src/domain/entries/index.ts");
    await updateEntry(runtime.ctx, alice, {
      id: ids.e5,
      body: "Read the zeppelin notes again",
      prompt: "reflection",
    });
    assert.deepEqual(await names("zeppelin"), ["e5"]);
    assert.deepEqual(await names("research"), ["e6"]);
  });
});
