import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeRemotePost } from "../src/domain/federation/index.ts";
import {
  COMMON_SHARE,
  isCommonTag,
  type SearchTable,
  textShare,
} from "../src/domain/search/frequency.ts";
import {
  rebuildRemoteSearchIndex,
  rebuildSearchIndex,
  searchEntries,
} from "../src/domain/search/index.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { insertNotes } from "./helpers/bulk-entries.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post, remoteActor } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { logged, planOf, type RanStatement } from "./helpers/statements.ts";

/**
 * Common words with an indexed operator (from:, #tag, dates) are tested row
 * by row instead of read from the text index (frequency.ts, plan.ts): the
 * statistics decide which words are common, and the results stay the same.
 * Common words' first pages count their matches themselves (entries.ts).
 */
describe("search: common words beside a narrowing operator", () => {
  let runtime: TestRuntime;
  const names = new Map<string, string>();
  const statements: string[] = [];
  /** The short names of what a search finds, each statement it ran kept in `statements`. */
  const found = async (q: string) => {
    const ctx = logged(runtime, (query) => statements.push(query));
    return (await searchEntries(ctx, ANONYMOUS, { q, limit: 100 })).hits
      .map((hit) => names.get(hit.entry?.id ?? hit.remote?.id ?? "") ?? "?")
      .sort();
  };

  before(async () => {
    runtime = await startTestRuntime();
    const ann = await makeMember(runtime.ctx, "ann");
    const bob = await makeMember(runtime.ctx, "bob");
    const pen = await remoteActor(runtime, "pen");
    // "team" is in every document; "zeppelin" in one of 100 (under COMMON_SHARE);
    // the tag #design on every third entry, #airship on one.
    for (let i = 0; i < 100; i++) {
      const author = i % 2 === 0 ? ann : bob;
      const id = await post(runtime, author, `Team notes ${i}${i === 7 ? " zeppelin" : ""}`, {
        tags: i % 3 === 0 ? "design" : i === 7 ? "airship" : "",
      });
      names.set(id, `e${i}`);
      const stored = await storeRemotePost(runtime.ctx, {
        uri: `https://remote.example/posts/${i}`,
        authorId: pen,
        type: "Note",
        url: null,
        name: "",
        summary: "",
        contentHtml: `<p>Team post ${i}</p>`,
        sensitive: false,
        audience: "public",
        publishedAt: new Date(Date.UTC(2025, 0, 1 + i)),
        updatedAt: null,
        language: "en",
        tags: [],
      });
      names.set(stored!.id, `r${i}`);
    }
    await runtime.database.sql`analyze entries`;
    await runtime.database.sql`analyze remote_posts`;
  });
  after(() => runtime.close());

  /** Whether the words are in at least COMMON_SHARE of the table's documents. */
  const isCommonText = async (
    _: unknown,
    table: SearchTable,
    groups: { tsquery: string; phrase: boolean }[][],
  ) => (await textShare(runtime.ctx, table, groups)) >= COMMON_SHARE;

  it("knows a word in every document from a rare one, by the statistics", async () => {
    const common = (tsquery: string, phrase = false) =>
      isCommonText(runtime.ctx, "entries", [[{ tsquery, phrase }]]);
    assert.equal(await common("'team'"), true);
    assert.equal(await common("'zeppelin'"), false);
    assert.equal(await common("'team' <-> 'zeppelin'", true), false, "a phrase: its rarest word");
    assert.equal(await common("('zeppelin') | ('team')"), true, "alternatives add up");
    assert.equal(
      await isCommonText(runtime.ctx, "remote_posts", [[{ tsquery: "'team'", phrase: false }]]),
      true,
    );
    assert.equal(
      await isCommonText(runtime.ctx, "entries", [
        [{ tsquery: "'team'", phrase: false }],
        [{ tsquery: "'zeppelin'", phrase: false }],
      ]),
      false,
      "one rare group is enough for the index",
    );
  });

  it("tests common words row by row beside from:, and finds the same entries", async () => {
    const even = Array.from({ length: 50 }, (_, i) => `e${i * 2}`).sort();
    statements.length = 0;
    assert.deepEqual(await found("team from:@ann"), even);
    assert.ok(
      statements.some((s) => s.includes("ts_match_vq(")),
      "the common word is tested row by row",
    );
    statements.length = 0;
    assert.deepEqual(await found("zeppelin from:@bob"), ["e7"]);
    assert.ok(!statements.some((s) => s.includes("ts_match_vq(")), "a rare word uses the index");
    statements.length = 0;
    const design = Array.from({ length: 34 }, (_, i) => `e${i * 3}`).sort();
    assert.deepEqual(await found("team #design"), design);
    assert.ok(statements.some((s) => s.includes("ts_match_vq(")));
    const january = Array.from({ length: 31 }, (_, i) => `r${i}`).sort();
    assert.deepEqual(await found("team during:2025-01"), january, "remote posts by date");
    statements.length = 0;
    assert.equal(
      (await found("team")).length,
      100,
      "no operator: the index (the first 100 of 200)",
    );
    assert.ok(!statements.some((s) => s.includes("ts_match_vq(")));
  });

  it("tests words row by row in a date range only when it holds fewer rows than they do", async () => {
    const remoteMatching = () =>
      statements.filter((s) => s.includes('from "remote_posts" where') && s.includes("tsquery"));
    statements.length = 0;
    const january = Array.from({ length: 31 }, (_, i) => `r${i}`).sort();
    assert.deepEqual(await found("team during:2025-01"), january);
    assert.ok(remoteMatching().length > 0);
    for (const s of remoteMatching()) assert.match(s, /ts_match_vq\(/, "31 of 100 posts: tested");
    // Every post is from after 2024, as every entry: the range narrows nothing.
    statements.length = 0;
    const all = await found("team after:2024");
    assert.equal(all.length, 100);
    assert.ok(remoteMatching().length > 0);
    for (const s of remoteMatching()) assert.doesNotMatch(s, /ts_match_vq\(/, "all posts: indexed");
    assert.ok(!statements.some((s) => s.includes("ts_match_vq(")), "entries: indexed");
  });

  it("tests a common tag row by row beside from:, and looks a rare one up in its index", async () => {
    assert.equal(await isCommonTag(runtime.ctx, "entries", "design"), true);
    assert.equal(await isCommonTag(runtime.ctx, "entries", "airship"), false);
    statements.length = 0;
    // Ann wrote the even entries; #design is on multiples of 3: multiples of 6.
    const sixes = Array.from({ length: 17 }, (_, i) => `e${i * 6}`).sort();
    assert.deepEqual(await found("#design from:@ann"), sixes);
    assert.ok(
      statements.some((s) => s.includes("arraycontains(")),
      "the common tag is tested",
    );
    statements.length = 0;
    assert.deepEqual(await found("#airship from:@bob"), ["e7"]);
    assert.ok(!statements.some((s) => s.includes("arraycontains(")), "a rare tag uses the index");
    // In a third of 100 entries: the index hands over 34 rows, fewer than a walk
    // would read for a relevance window (the next suite walks a larger table).
    const design = Array.from({ length: 34 }, (_, i) => `e${i * 3}`).sort();
    statements.length = 0;
    assert.deepEqual(await found("#design after:2020"), design);
    assert.ok(!statements.some((s) => s.includes("arraycontains(")), "a small table: indexed");
    // With a rare word the rows holding both are few: the index finds them.
    statements.length = 0;
    assert.deepEqual(await found("zeppelin #design"), []);
    assert.ok(!statements.some((s) => s.includes("arraycontains(")), "a rare word: indexed");
    // kind: is tested on each row too, and the statistics do not say how many are notes.
    statements.length = 0;
    assert.deepEqual(await found("kind:note #design"), design);
    assert.ok(!statements.some((s) => s.includes("arraycontains(")), "beside kind:, indexed");
  });

  it("counts common words' matches with the first page's own statement", async () => {
    const counts = () => statements.filter((s) => s.startsWith("select count(*)")).length;
    const search = async (q: string, sort: "recent" | "relevance", cursor?: string | null) => {
      statements.length = 0;
      const ctx = logged(runtime, (query) => statements.push(query));
      return searchEntries(ctx, ANONYMOUS, { q, sort, cursor, limit: 20 });
    };
    for (const sort of ["recent", "relevance"] as const) {
      // 100 entries and 100 remote posts say "team".
      const all = await search("team", sort);
      assert.deepEqual(all.total, { count: 100, capped: true }, sort);
      assert.equal(all.hits.length, 20);
      assert.equal(counts(), 0, `${sort}: no separate count`);
      // Ann's 50 entries: fewer than the cap, counted exactly by the page's rows.
      const ann = await search("team from:@ann", sort);
      assert.deepEqual(ann.total, { count: 50, capped: false }, sort);
      assert.equal(ann.hits.length, 20);
      assert.equal(counts(), 0, `${sort}: no separate count`);
      const next = await search("team from:@ann", sort, ann.nextCursor);
      assert.deepEqual(next.total, { count: 50, capped: false }, `${sort}: a later page counts`);
      assert.equal(counts(), 2, `${sort}: later pages count (entries and remote posts)`);
      // A rare word: the first page reads its few matches, orders and counts them, in
      // one statement a table.
      const rare = await search("zeppelin", sort);
      assert.deepEqual(rare.total, { count: 1, capped: false });
      assert.equal(rare.hits.length, 1);
      assert.equal(counts(), 0, `${sort}: no separate count`);
      assert.equal(
        statements.filter((s) => s.includes('"few"') && s.includes("count(*) over ()")).length,
        2,
        `${sort}: entries and remote posts`,
      );
    }
  });

  it("reads the page's views by id without matching the words again", async () => {
    statements.length = 0;
    assert.equal((await found("team")).length, 100, "entries, the newest");
    assert.equal((await found("team during:2025-01")).length, 31, "remote posts");
    const byId = statements.filter((s) => /"id" = any\(\$\d+::uuid\[\]\)/.test(s));
    // Snippets of texts in English are marked in Node, from the views (highlight.ts).
    assert.equal(byId.length, 2, "entries' views, remote posts' views");
    // A plan PostgreSQL keeps for a text match looks the words up in the index
    // (every "team" in it) instead of reading the page's rows by id.
    for (const statement of byId) assert.doesNotMatch(statement, /@@|ts_match_vq/);
  });
});

/**
 * A common tag beside common words, in a table large enough that walking the
 * newest rows reads fewer of them than the tags index would hand over: with
 * a date range that bounds the walk, the tag is tested on each row (plan.ts,
 * testedTags). 3,000 recent entries, half with #design, and 1,000 from 2019,
 * all saying "team".
 */
describe("search: walking the newest rows for a common tag", () => {
  let runtime: TestRuntime;
  const statements: string[] = [];
  before(async () => {
    runtime = await startTestRuntime();
    const ann = await makeMember(runtime.ctx, "ann");
    const sql = runtime.database.sql;
    await insertNotes(sql, ann.actorId, 3000, {
      ids: "recent",
      text: sql`'Team note ' || i`,
      tags: sql`case when i % 2 = 0 then array['design'] else '{}'::text[] end`,
    });
    // And 1,000 from 2019, untagged: a walk back to 2019 would read them all.
    await insertNotes(sql, ann.actorId, 1000, {
      ids: "2019",
      text: sql`'Team note'`,
      until: new Date("2019-06-01T00:00:00Z"),
    });
    await sql`
      insert into entry_tags (entry_id, tag, display)
      select id, 'design', 'design' from entries where tags = array['design']`;
    await rebuildSearchIndex(runtime.ctx);
    // 200 posts from another server, older than the entries, also saying "team".
    const pen = await remoteActor(runtime, "pen");
    await sql`
      insert into remote_posts (id, uri, author_id, type, content_html, audience, published_at,
        received_at, language)
      select gen_random_uuid(), 'https://remote.example/posts/' || i, ${pen}::uuid, 'Note',
        '<p>Team post ' || i || '</p>', 'public', now() - interval '1 year' - i * interval '1 minute',
        now(), 'en'
      from generate_series(1, 200) as i`;
    await rebuildRemoteSearchIndex(runtime.ctx);
    await sql`analyze entries`;
    await sql`analyze remote_posts`;
  });
  after(() => runtime.close());

  it("tests the tag on each row when a date bounds the walk, and finds what the index would", async () => {
    const ctx = logged(runtime, (query) => statements.push(query));
    const walked = () => statements.some((s) => s.includes("arraycontains("));
    for (const sort of ["recent", "relevance"] as const) {
      statements.length = 0;
      // Since 2021: 3,000 entries, at most twice the tag's 1,500.
      const results = await searchEntries(ctx, ANONYMOUS, { q: "team #design after:2020", sort });
      assert.ok(walked(), `${sort}: tested`);
      // The tag first: testing a row's words costs more.
      for (const s of statements.filter((s) => s.includes("arraycontains("))) {
        assert.ok(s.indexOf("arraycontains(") < s.indexOf("ts_match_vq("), `${sort}: tag first`);
      }
      assert.deepEqual(results.total, { count: 100, capped: true });
      assert.equal(results.hits.length, 20);
      for (const hit of results.hits) {
        assert.deepEqual(
          hit.entry?.tags.map((t) => t.tag),
          ["design"],
        );
      }
      // Without a date, or back to 2018 (4,000 entries), a walk could read far more
      // than the tag's entries (a tag used only long ago): the index finds them.
      for (const q of ["team #design", "team #design after:2018"]) {
        statements.length = 0;
        const indexed = await searchEntries(ctx, ANONYMOUS, { q, sort });
        assert.ok(!walked(), `${sort}, ${q}: indexed`);
        assert.deepEqual(
          indexed.hits.map((hit) => hit.entry?.id),
          results.hits.map((hit) => hit.entry?.id),
          "the same results",
        );
      }
    }
  });

  it("walks an index of times and tag hashes, reading only entries with the tag", async () => {
    // Index-only scans need the visibility map autovacuum keeps.
    await runtime.database.sql`vacuum analyze entries`;
    const [ann] = await runtime.database.sql<{ id: string }[]>`
      select id from actors where handle = 'ann'`;
    const viewers = [
      [ANONYMOUS, "entries_published_public_idx"],
      [{ actorId: ann?.id ?? null }, "entries_published_idx"],
    ] as const;
    for (const [viewer, index] of viewers) {
      for (const sort of ["recent", "relevance"] as const) {
        const ran: RanStatement[] = [];
        const results = await searchEntries(logged(runtime, ran), viewer, {
          q: "team #design after:2020",
          sort,
        });
        assert.equal(results.hits.length, 20);
        const walk = ran.find((s) => s.query.includes('"candidate"'));
        assert.ok(walk, `${sort}, ${index}: a walk`);
        const plan = await planOf(runtime, walk);
        assert.match(
          plan,
          new RegExp(`"Node Type":"Index Only Scan"[^{}]*"Index Name":"${index}"[^{}]*tag_hashes`),
          `${sort}: the tag tested from the index`,
        );
      }
    }
  });

  it("pages matches past the cap newest first when the statistics foretold few", async () => {
    // No words: nothing tells how many match, so the first page reads up to 101 of them,
    // in the table's order: rewritten, the newest 40 entries are stored last.
    await runtime.database.sql`
      update entries set title = title
      where id in (select id from entries order by published_at desc limit 40)`;
    for (const sort of ["recent", "relevance"] as const) {
      const results = await searchEntries(runtime.ctx, ANONYMOUS, { q: "#design", sort });
      assert.deepEqual(results.total, { count: 100, capped: true }, sort);
      const newest = await runtime.database.sql<{ id: string }[]>`
        select id from entries where 'design' = any(tags)
        order by published_at desc, id desc limit 20`;
      assert.deepEqual(
        results.hits.map((hit) => hit.entry?.id),
        newest.map((row) => row.id),
        `${sort}: the newest, not the first 101 read`,
      );
    }
    // Posts from other servers alike: before 2026 come the 1,000 entries of 2019 and the 200
    // posts of a year ago, newest first.
    await runtime.database.sql`
      update remote_posts set content_html = content_html
      where id in (select id from remote_posts order by published_at desc limit 40)`;
    const posts = await searchEntries(runtime.ctx, ANONYMOUS, { q: "before:2026-01" });
    assert.deepEqual(posts.total, { count: 100, capped: true });
    const newestPosts = await runtime.database.sql<{ id: string }[]>`
      select id from remote_posts order by published_at desc, id desc limit 20`;
    assert.deepEqual(
      posts.hits.map((hit) => hit.remote?.id),
      newestPosts.map((row) => row.id),
    );
  });

  it("reads only a page of remote posts when the entries alone are more than the count shows", async () => {
    const limits: unknown[] = [];
    const ctx = logged(runtime, (query, params) => {
      if (query.includes('from "remote_posts"') && query.includes("order by")) {
        limits.push(params.at(-1));
      }
    });
    const results = await searchEntries(ctx, ANONYMOUS, { q: "team", sort: "recent" });
    assert.deepEqual(results.total, { count: 100, capped: true });
    assert.equal(results.hits.length, 20);
    assert.ok(
      results.hits.every((hit) => hit.entry),
      "the entries are newer",
    );
    assert.deepEqual(limits, [21], "a page and one more, not the count's 101");
    // Past the entries, the remote posts follow on later pages.
    const older = await searchEntries(ctx, ANONYMOUS, { q: "team after:2020 before:2026-06" });
    assert.deepEqual(older.total, { count: 100, capped: true });
    assert.ok(
      older.hits.every((hit) => hit.remote),
      "only remote posts are that old",
    );
  });
});
