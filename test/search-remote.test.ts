import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { remotePosts } from "../src/db/schema/federation.ts";
import { storeRemotePost } from "../src/domain/federation/index.ts";
import { blockActor } from "../src/domain/moderation/blocks.ts";
import { searchEntries } from "../src/domain/search/index.ts";
import { remotePostDocument } from "../src/domain/search/index-remote-post.ts";
import { ANONYMOUS, type CurrentUser, type Viewer } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post, remoteActor } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Posts received from other servers in search: found with the same query
 * language, and only by those `remotePostVisibleTo` lets see them — in
 * results, counts and snippets alike.
 */
describe("search over remote posts", () => {
  let runtime: TestRuntime;
  let ann: CurrentUser;
  let bob: CurrentUser;
  let cat: CurrentUser;
  let pen: string;
  let quin: string;
  const ids: Record<string, string> = {};
  const names = new Map<string, string>();

  async function remote(
    name: string,
    authorId: string,
    at: string,
    html: string,
    extra: {
      audience?: "public" | "followers" | "direct";
      tags?: string[];
      recipient?: string;
      language?: string;
    } = {},
  ) {
    const stored = await storeRemotePost(runtime.ctx, {
      uri: `https://remote.example/posts/${name}`,
      authorId,
      type: "Note",
      url: `https://remote.example/@x/${name}`,
      name: "",
      summary: "",
      contentHtml: html,
      sensitive: false,
      audience: extra.audience ?? "public",
      publishedAt: new Date(at),
      updatedAt: null,
      language: extra.language ?? "en",
      tags: extra.tags ?? [],
    });
    const id = stored!.id;
    if (extra.recipient) {
      await runtime.database
        .sql`insert into remote_post_recipients (remote_post_id, actor_id) values (${id}, ${extra.recipient})`;
    }
    ids[name] = id;
    names.set(id, name);
  }

  async function found(q: string, viewer: Viewer = ANONYMOUS) {
    const results = await searchEntries(runtime.ctx, viewer, { q });
    return results.hits.map((hit) => names.get(hit.remote?.id ?? hit.entry?.id ?? "") ?? "?");
  }

  before(async () => {
    runtime = await startTestRuntime();
    ann = await makeMember(runtime.ctx, "ann");
    bob = await makeMember(runtime.ctx, "bob");
    cat = await makeMember(runtime.ctx, "cat");
    pen = await remoteActor(runtime, "pen");
    quin = await remoteActor(runtime, "quin");
    await runtime.database.sql`insert into follows (follower_id, followed_id, state)
      values (${bob.actorId}, ${pen}, 'accepted'), (${cat.actorId}, ${pen}, 'pending')`;
    await remote("open", pen, "2026-03-01T10:00:00Z", "<p>The <b>harbour</b> at dawn</p>", {
      tags: ["boats"],
    });
    await remote("few", pen, "2026-03-02T10:00:00Z", "<p>Harbour secrets for followers</p>", {
      audience: "followers",
    });
    await remote("dm", pen, "2026-03-03T10:00:00Z", "<p>Harbour plans, just for you</p>", {
      audience: "direct",
      recipient: cat.actorId,
    });
    await remote("other", quin, "2026-03-04T10:00:00Z", "<p>Another harbour story</p>");
    await remote("kai", quin, "2026-03-05T10:00:00Z", "<p>Neues vom Kai</p>", { language: "de" });
    const local = await post(runtime, ann, "Our harbour walk");
    names.set(local, "local");
  });
  after(() => runtime.close());

  it("shows public remote posts to anonymous visitors, merged newest first with entries", async () => {
    const results = await searchEntries(runtime.ctx, ANONYMOUS, { q: "harbour" });
    // The local entry was written now (after March 2026's remote posts).
    assert.deepEqual(
      results.hits.map((hit) => names.get(hit.remote?.id ?? hit.entry?.id ?? "")),
      ["local", "other", "open"],
    );
    assert.deepEqual(results.total, { count: 3, capped: false });
    const open = results.hits.find((hit) => hit.remote?.id === ids.open);
    assert.equal(open?.remote?.author.handle, "pen");
    assert.equal(open?.remote?.author.host, "remote.example");
    assert.ok(open?.snippet?.body.some((piece) => piece.match && piece.text === "harbour"));
  });

  it("marks the words of posts in other languages by their stems too", async () => {
    const [kai] = (await searchEntries(runtime.ctx, ANONYMOUS, { q: "neu lang:de" })).hits;
    assert.equal(kai?.remote?.id, ids.kai);
    // German stems: "Neues" is indexed as "neu" (ts_headline marks it; Node stems only English).
    assert.deepEqual(
      kai?.snippet?.body.filter((piece) => piece.match).map((piece) => piece.text),
      ["Neues"],
    );
  });

  it("shows followers-only posts to accepted local followers only", async () => {
    assert.deepEqual(await found("harbour", bob), ["local", "other", "few", "open"]);
    assert.deepEqual(await found("secrets", bob), ["few"]);
    assert.deepEqual(await found("secrets", cat), [], "a pending follow is not enough");
    assert.deepEqual(await found("secrets", ann), []);
    const counted = await searchEntries(runtime.ctx, cat, { q: "secrets" });
    assert.deepEqual(counted.total, { count: 0, capped: false });
  });

  it("shows direct posts to their recipients only", async () => {
    assert.deepEqual(await found("plans", cat), ["dm"]);
    assert.deepEqual(await found("plans", bob), []);
    assert.deepEqual(await found("plans"), []);
  });

  it("finds by #tag and from:@user@host exactly that author's posts", async () => {
    assert.deepEqual(await found("#boats"), ["open"]);
    assert.deepEqual(await found("from:@pen@remote.example", bob), ["few", "open"]);
    assert.deepEqual(await found("from:@quin@remote.example harbour"), ["other"]);
    assert.deepEqual(await found("from:@pen@remote.example -dawn", bob), ["few"]);
    assert.deepEqual(await found("harbour during:2026-03 lang:en"), ["other", "open"]);
  });

  it("leaves remote posts out of operators only entries have", async () => {
    assert.deepEqual(await found("harbour kind:note"), ["local"]);
    assert.deepEqual(await found("harbour -kind:article"), ["local"]);
    assert.deepEqual(await found("from:@pen@remote.example is:unanswered", bob), []);
  });

  it("follows an updated post's new words", async () => {
    await remote("other", quin, "2026-03-04T10:00:00Z", "<p>A lighthouse story now</p>");
    assert.deepEqual(await found("lighthouse"), ["other"]);
    assert.deepEqual(await found("harbour"), ["local", "open"]);
  });

  it("writes each post's search document with it, the same as one rebuilt from the row", async () => {
    const written = (contentHtml: string) =>
      storeRemotePost(runtime.ctx, {
        uri: "https://remote.example/posts/written",
        authorId: quin,
        type: "Article",
        url: null,
        name: "Tide tables",
        summary: "A note on <b>tides</b>",
        contentHtml,
        sensitive: false,
        audience: "public",
        publishedAt: new Date("2026-03-05T10:00:00Z"),
        updatedAt: null,
        language: "en",
        tags: ["tides", "sea"],
      });
    await written("<p>Reading the tide tables by moonlight</p>");
    // Stored again (an Update): the document is rewritten from the new content.
    const stored = await written("<p>Reading the tide tables, line by line</p>");
    const rebuilt = sql`select search::text as search, (${remotePostDocument})::text as fresh
      from ${remotePosts} where ${remotePosts.uri} like 'https://remote.example/posts/%'`;
    const rows = (await runtime.ctx.db.execute(rebuilt)) as unknown as {
      search: string | null;
      fresh: string;
    }[];
    assert.ok(rows.length >= 5);
    for (const row of rows) assert.equal(row.search, row.fresh);
    names.set(stored?.id ?? "", "written");
    // Words from the name, the summary and the tags are all in it.
    assert.deepEqual(await found("tables"), ["written"]);
    assert.deepEqual(await found("#sea"), ["written"]);
    assert.deepEqual(await found("moonlight"), []);
  });

  it("never shows a blocked author's posts", async () => {
    await blockActor(runtime.ctx, bob, pen);
    assert.deepEqual(await found("harbour", bob), ["local"]);
    const counted = await searchEntries(runtime.ctx, bob, { q: "from:@pen@remote.example" });
    assert.deepEqual(counted.total, { count: 0, capped: false });
  });

  it("pages across entries and remote posts with one cursor", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await searchEntries(runtime.ctx, ANONYMOUS, {
        q: "#boats OR lighthouse OR walk",
        cursor,
        limit: 1,
      });
      seen.push(...page.hits.map((hit) => names.get(hit.remote?.id ?? hit.entry?.id ?? "") ?? "?"));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    assert.deepEqual(seen, ["local", "other", "open"]);
  });

  it("lists a remote post on /search with its address and a link to its thread", async () => {
    const response = await runtime.app.request("/search?q=dawn");
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /@pen@remote\.example/);
    assert.ok(page.includes(`href="/posts/${ids.open}"`));
    assert.match(page, /<mark>dawn<\/mark>/);
    const hidden = await (await runtime.app.request("/search?q=secrets")).text();
    assert.doesNotMatch(hidden, /followers<\/|Harbour secrets/);
  });

  it("answers /api/v2/search with remote posts by the same rule", async () => {
    const statuses = async (q: string) => {
      const response = await runtime.app.request(
        `/api/v2/search?type=statuses&q=${encodeURIComponent(q)}`,
      );
      assert.equal(response.status, 200);
      const body = (await response.json()) as { statuses: { id: string }[] };
      return body.statuses.map((status) => status.id);
    };
    assert.deepEqual(await statuses("dawn"), [ids.open]);
    assert.deepEqual(await statuses("secrets"), []);
  });
});
