import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { entries } from "../src/db/schema/entries.ts";
import { updateProfile } from "../src/domain/accounts/profile.ts";
import { entryListedAtMost, entryVisibleTo } from "../src/domain/authorization.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import { topTagsOf } from "../src/domain/search/directory.ts";
import {
  matchingTags,
  peopleToFollow,
  savedSearchesOf,
  saveSearch,
  searchEntries,
  tagOverview,
} from "../src/domain/search/index.ts";
import { ANONYMOUS, type CurrentUser, type Viewer } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * The viewer-scoping matrix for search: an entry of each audience and state ×
 * each kind of viewer × each channel search and discovery open. "Y": the
 * entry (its words, its tags, a count of it) reaches the viewer; "-": nothing
 * of it does. Search lists entries, so it follows the listing rule: unlisted
 * entries are only ever listed for their author.
 */
const CASES = ["public", "unlisted", "followers", "private", "draft", "scheduled"] as const;
type Case = (typeof CASES)[number];
const VIEWERS = ["anonymous", "stranger", "follower", "author"] as const;
type ViewerName = (typeof VIEWERS)[number];

const VISIBLE: Record<Case, Record<ViewerName, boolean>> = {
  public: { anonymous: true, stranger: true, follower: true, author: true },
  unlisted: { anonymous: false, stranger: false, follower: false, author: true },
  followers: { anonymous: false, stranger: false, follower: true, author: true },
  private: { anonymous: false, stranger: false, follower: false, author: true },
  draft: { anonymous: false, stranger: false, follower: false, author: false },
  scheduled: { anonymous: false, stranger: false, follower: false, author: false },
};

/** A word found only in this entry's body, and a tag only it carries. */
const marker = (c: Case) => `mk${c}x`;
const tagOf = (c: Case) => `tg${c}`;

describe("search privacy: the viewer-scoping matrix", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-03-01T09:00:00Z");
  const viewers = {} as Record<ViewerName, Viewer>;
  const members = {} as Record<Exclude<ViewerName, "anonymous">, CurrentUser>;
  const clients = {} as Record<ViewerName, TestClient>;
  let pat: CurrentUser;

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    const ctx = runtime.ctx;
    members.author = await makeMember(ctx, "ana");
    members.follower = await makeMember(ctx, "fred");
    members.stranger = await makeMember(ctx, "sam");
    await follow(ctx, members.follower, { handle: "ana" });
    await updateProfile(ctx, members.author, { listedInDirectory: true });
    viewers.anonymous = ANONYMOUS;
    clients.anonymous = new TestClient(runtime.app);
    for (const name of ["stranger", "follower", "author"] as const) {
      viewers[name] = members[name];
      clients[name] = await signedInClient(runtime, members[name]);
      // Saved before anything is written: every later entry is "new" for them.
      for (const c of CASES) await saveSearch(ctx, members[name], { q: marker(c) });
    }
    // Another member writes (privately) about every tag: "people to follow" matches on them.
    pat = await makeMember(ctx, "pat");
    await createEntry(ctx, pat, {
      body: "My notes",
      tags: [...CASES.map(tagOf), "shared"].join(" "),
      audience: "private",
    });
    clock = new Date("2026-03-02T09:00:00Z");
    for (const c of CASES) {
      const audience = c === "draft" || c === "scheduled" ? "public" : c;
      await createEntry(ctx, members.author, {
        body: `Zebra notes ${marker(c)} here`,
        tags: `${tagOf(c)} shared`,
        audience,
        action: c === "draft" ? "draft" : c === "scheduled" ? "schedule" : "publish",
        scheduledAt: "2026-06-01T09:00:00Z",
      });
    }
  });

  after(() => runtime.close());

  for (const viewer of VIEWERS) {
    it(`as the ${viewer}: results, counts, snippets, tags and badges hold`, async () => {
      const ctx = runtime.ctx;
      const v = viewers[viewer];
      const everyone = await searchEntries(ctx, v, { q: "zebra" });
      const zebraPage = await (await clients[viewer].get("/search?q=zebra")).text();
      const tagPage = await (await clients[viewer].get("/tags/shared")).text();
      const related = (await tagOverview(ctx, v, "shared")).related.map((r) => r.tag);
      const topTags = (
        (await topTagsOf(ctx, v, [members.author.actorId], 20)).get(members.author.actorId) ?? []
      ).map((t) => t.tag);
      const saved = viewer === "anonymous" ? [] : await savedSearchesOf(ctx, members[viewer]);
      const visibleCount = CASES.filter((c) => VISIBLE[c][viewer]).length;
      assert.deepEqual(everyone.total, { count: visibleCount, capped: false }, "the count");
      assert.equal((await tagOverview(ctx, v, "shared")).total.count, visibleCount);

      for (const c of CASES) {
        const expected = VISIBLE[c][viewer];
        const where = `${c} entry, ${viewer}`;
        const own = await searchEntries(ctx, v, { q: marker(c) });
        assert.equal(own.hits.length, expected ? 1 : 0, `${where}: results`);
        assert.equal(own.total.count, expected ? 1 : 0, `${where}: count`);
        const ranked = await searchEntries(ctx, v, { q: marker(c), sort: "relevance" });
        assert.equal(ranked.hits.length, expected ? 1 : 0, `${where}: results by relevance`);
        const snippets = everyone.hits.flatMap((h) => h.snippet?.body ?? []).map((p) => p.text);
        assert.equal(snippets.join(" ").includes(marker(c)), expected, `${where}: snippets`);
        assert.equal(zebraPage.includes(marker(c)), expected, `${where}: the results page`);
        assert.equal(
          tagPage.includes(`#${tagOf(c)}`),
          expected,
          `${where}: related tags on the tag page`,
        );
        assert.equal(related.includes(tagOf(c)), expected, `${where}: related tags`);
        assert.equal(topTags.includes(tagOf(c)), expected, `${where}: directory top tags`);
        const suggested = (await matchingTags(ctx, v, [tagOf(c)])).map((t) => t.tag);
        assert.equal(suggested.includes(tagOf(c)), expected, `${where}: tag suggestions`);
        if (viewer !== "anonymous") {
          const badge = saved.find((s) => s.query === marker(c))?.fresh.count;
          assert.equal(badge, expected ? 1 : 0, `${where}: "new since last visit"`);
        }
      }
    });
  }

  it("reads candidates from indexes that hold every entry the listing rule admits", async () => {
    // entryListedAtMost states the rule for the partial indexes a walk reads (pages.ts).
    for (const name of VIEWERS) {
      const viewer = viewers[name];
      const [row] = await runtime.ctx.db
        .select({
          listed: sql<number>`count(*)::int`,
          outside: sql<number>`(count(*) filter (where not (${entryListedAtMost(viewer)})))::int`,
        })
        .from(entries)
        .where(entryVisibleTo(viewer, "listing"));
      const expected = CASES.filter((c) => VISIBLE[c][name]).length;
      assert.ok((row?.listed ?? 0) >= expected, `${name}: listed`);
      assert.equal(row?.outside, 0, `${name}: none outside`);
    }
  });

  it("people to follow shows only tags the member may see on the author's entries", async () => {
    const [suggestion, ...rest] = await peopleToFollow(runtime.ctx, pat);
    assert.equal(rest.length, 0);
    assert.equal(suggestion?.handle, "ana");
    assert.deepEqual(
      suggestion?.topTags.map((t) => t.tag),
      ["shared", "tgpublic"],
    );
    assert.equal(suggestion?.shared, 1);
    assert.deepEqual(await peopleToFollow(runtime.ctx, members.follower), [], "already followed");
  });

  it("a portfolio's entries are not revealed through in: unless the portfolio is visible", async () => {
    const { newId } = await import("../src/domain/ids.ts");
    const sql = runtime.database.sql;
    const [entry] = await sql<{ id: string }[]>`select e.id from entries e
      where e.body_markdown like ${`%${marker("public")}%`}`;
    const portfolio = newId();
    const section = newId();
    await sql`insert into portfolios (id, owner_id, slug, title, audience)
      values (${portfolio}, ${members.author.actorId}, 'hidden-work', 'Hidden', 'followers')`;
    await sql`insert into portfolio_sections (id, portfolio_id, position) values (${section}, ${portfolio}, 0)`;
    await sql`insert into portfolio_items (id, portfolio_id, section_id, entry_id, position)
      values (${newId()}, ${portfolio}, ${section}, ${entry?.id ?? ""}, 0)`;
    const found = async (v: Viewer) =>
      (await searchEntries(runtime.ctx, v, { q: "in:hidden-work" })).hits.length;
    assert.equal(await found(ANONYMOUS), 0);
    assert.equal(await found(members.stranger), 0);
    assert.equal(await found(members.follower), 1);
    assert.equal(await found(members.author), 1);
  });
});
