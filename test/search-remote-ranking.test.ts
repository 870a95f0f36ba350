import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { storeRemotePost } from "../src/domain/federation/index.ts";
import {
  openSavedSearch,
  type SearchResults,
  savedSearchesOf,
  saveSearch,
  searchEntries,
} from "../src/domain/search/index.ts";
import { ANONYMOUS, type CurrentUser, type Viewer } from "../src/domain/viewer.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { post, remoteActor } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Posts from other servers sorted by relevance together with entries (one
 * (rank, id) keyset over both), and counted in saved searches' "new since
 * last visit" — by `remotePostVisibleTo` in results, counts and snippets.
 */
describe("remote posts by relevance and in saved searches", () => {
  let runtime: TestRuntime;
  let clock = new Date("2026-03-05T12:00:00Z");
  let ann: CurrentUser;
  let bob: CurrentUser;
  let cat: CurrentUser;
  const names = new Map<string, string>();

  async function remote(
    name: string,
    authorId: string,
    at: string,
    title: string,
    html: string,
    audience: "public" | "followers" = "public",
  ) {
    const stored = await storeRemotePost(runtime.ctx, {
      uri: `https://remote.example/posts/${name}`,
      authorId,
      type: "Note",
      url: `https://remote.example/@x/${name}`,
      name: title,
      summary: "",
      contentHtml: html,
      sensitive: false,
      audience,
      publishedAt: new Date(at),
      updatedAt: null,
      language: "en",
      tags: [],
    });
    names.set(stored!.id, name);
  }

  async function entry(name: string, body: string, title = "") {
    const id = await post(runtime, ann, body, title ? { kind: "article", title } : {});
    names.set(id, name);
  }

  const nameOf = (results: SearchResults) =>
    results.hits.map((hit) => names.get(hit.remote?.id ?? hit.entry?.id ?? "") ?? "?");

  async function ranked(q: string, viewer: Viewer = ANONYMOUS) {
    return nameOf(await searchEntries(runtime.ctx, viewer, { q, sort: "relevance", limit: 100 }));
  }

  /** Every page of `limit` results by relevance, following the page tokens. */
  async function paged(q: string, viewer: Viewer, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await searchEntries(runtime.ctx, viewer, {
        q,
        sort: "relevance",
        cursor,
        limit,
      });
      assert.ok(page.hits.length <= limit);
      seen.push(...nameOf(page));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return seen;
  }

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => clock });
    ann = await makeMember(runtime.ctx, "ann");
    bob = await makeMember(runtime.ctx, "bob");
    cat = await makeMember(runtime.ctx, "cat");
    const pen = await remoteActor(runtime, "pen");
    const quin = await remoteActor(runtime, "quin");
    await runtime.database.sql`insert into follows (follower_id, followed_id, state)
      values (${bob.actorId}, ${pen}, 'accepted')`;
    // Saved now (5 March): what is published later is new.
    await saveSearch(runtime.ctx, bob, { q: "lantern" });
    await saveSearch(runtime.ctx, cat, { q: "lantern" });
    await saveSearch(runtime.ctx, bob, { q: "lantern kind:article" });
    await saveSearch(runtime.ctx, bob, { q: "kind:article OR lantern" });

    await remote("old", quin, "2026-03-01T10:00:00Z", "", "<p>An old lantern story</p>");
    await remote(
      "titled",
      pen,
      "2026-03-06T10:00:00Z",
      "Lantern",
      "<p>How we hung the lantern</p>",
    );
    await remote(
      "secret",
      pen,
      "2026-03-07T10:00:00Z",
      "Lantern secrets",
      "<p>Lantern secrets for followers</p>",
      "followers",
    );
    for (const n of [1, 2, 3]) {
      await remote(`rnote${n}`, quin, `2026-03-0${n + 1}T09:00:00Z`, "", "<p>lantern notes</p>");
    }
    await remote(
      "kilnmention",
      quin,
      "2026-03-08T10:00:00Z",
      "",
      "<p>We talked about many things today: budgets, schedules, the new office plants, a kiln somebody saw, and lunch plans for the week ahead</p>",
    );
    // Entries are written on 1 April: newer than every remote post.
    clock = new Date("2026-04-01T12:00:00Z");
    await entry(
      "weak",
      "A long note about many things: the budget, the schedule, the new office plants, a lantern somebody saw once, and lunch plans",
    );
    for (const n of [1, 2, 3]) await entry(`enote${n}`, "lantern notes");
    await entry("kiln", "Firing the kiln for the first time", "Kiln");
  });
  after(() => runtime.close());

  it("ranks a remote post that matches better above a weaker entry, and the other way round", async () => {
    const newest = nameOf(await searchEntries(runtime.ctx, ANONYMOUS, { q: "lantern" }));
    assert.ok(newest.indexOf("weak") < newest.indexOf("titled"), "newest first: the entry leads");
    const best = await ranked("lantern");
    assert.equal(best[0], "titled", "a title match ranks first, though it is older");
    assert.ok(best.indexOf("titled") < best.indexOf("weak"));
    assert.equal(best.at(-1), "weak", "the long body with one mention ranks last");
    assert.ok(!best.includes("secret"));
    assert.deepEqual(
      await ranked("kiln"),
      ["kiln", "kilnmention"],
      "an entry's title beats a remote mention",
    );
  });

  it("says nothing about remote posts being left out when sorted by relevance", async () => {
    const results = await searchEntries(runtime.ctx, ANONYMOUS, {
      q: "lantern",
      sort: "relevance",
    });
    assert.equal(results.sort, "relevance");
    assert.ok(!results.notes.some((note) => /other servers/.test(note)), results.notes.join(" "));
    assert.ok(results.hits.some((hit) => hit.remote !== undefined));
  });

  for (const [viewer, who] of [
    ["anonymous", () => ANONYMOUS],
    ["a follower", () => bob],
  ] as const) {
    for (const limit of [1, 2, 3]) {
      it(`pages by relevance over both kinds, each result once (${viewer}, ${limit} a page)`, async () => {
        const all = await ranked("lantern", who());
        const pages = await paged("lantern", who(), limit);
        assert.deepEqual(pages, all);
        assert.equal(new Set(pages).size, pages.length, "no result twice");
        const total = await searchEntries(runtime.ctx, who(), { q: "lantern", sort: "relevance" });
        assert.equal(pages.length, total.total.count, "no result skipped");
        assert.ok(pages.includes("rnote1") && pages.includes("enote1"));
      });
    }
  }

  it("keeps a followers-only remote post from non-followers by relevance: results, counts, snippets", async () => {
    assert.ok((await ranked("lantern", bob)).includes("secret"));
    assert.deepEqual(await ranked("secrets", bob), ["secret"]);
    const forBob = await searchEntries(runtime.ctx, bob, { q: "secrets", sort: "relevance" });
    assert.ok(forBob.hits[0]?.snippet?.title.some((piece) => piece.match));
    for (const viewer of [ANONYMOUS, cat, ann]) {
      const results = await searchEntries(runtime.ctx, viewer, { q: "secrets", sort: "relevance" });
      assert.deepEqual(results.hits, []);
      assert.deepEqual(results.total, { count: 0, capped: false });
      const lantern = await searchEntries(runtime.ctx, viewer, {
        q: "lantern",
        sort: "relevance",
        limit: 100,
      });
      assert.ok(!nameOf(lantern).includes("secret"));
      const texts = lantern.hits.flatMap((hit) => [
        ...(hit.snippet?.title ?? []),
        ...(hit.snippet?.body ?? []),
      ]);
      assert.ok(!texts.some((piece) => /secrets/i.test(piece.text)));
      const counted = await searchEntries(runtime.ctx, bob, { q: "lantern", sort: "relevance" });
      assert.equal(
        counted.total.count,
        lantern.total.count + 1,
        "the count differs by that one post",
      );
    }
    const anonymousPage = await (
      await runtime.app.request("/search?q=lantern&sort=relevance")
    ).text();
    assert.match(anonymousPage, /How we hung the/);
    assert.doesNotMatch(anonymousPage, /secrets/i);
    assert.doesNotMatch(anonymousPage, /left out/);
    const bobPage = await (
      await (await signedInClient(runtime, bob)).get("/search?q=lantern&sort=relevance")
    ).text();
    assert.match(bobPage, /secrets/i);
  });

  it("counts remote posts the member may see among saved searches' new results", async () => {
    const fresh = async (member: CurrentUser) =>
      new Map((await savedSearchesOf(runtime.ctx, member)).map((s) => [s.query, s.fresh.count]));
    // New since 5 March: 4 entries, "titled", "kilnmention" has no lantern; rnote1-3 and "old" are older.
    const forBob = await fresh(bob);
    const forCat = await fresh(cat);
    assert.equal(forCat.get("lantern"), 5, "4 entries and the public remote post");
    assert.equal(forBob.get("lantern"), 6, "and the followers-only post for its follower");
    assert.equal(
      forBob.get("lantern kind:article"),
      0,
      "an entry-only operator leaves remote posts out",
    );
    assert.equal(
      forBob.get("kind:article OR lantern"),
      7,
      "…but not from the other branch of an OR",
    );
    // Opened, nothing is new any more.
    const saved = (await savedSearchesOf(runtime.ctx, bob)).find((s) => s.query === "lantern");
    await openSavedSearch(runtime.ctx, bob, saved!.id);
    assert.equal((await fresh(bob)).get("lantern"), 0);
  });
});
