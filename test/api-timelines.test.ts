import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { createRestAPIClient, type mastodon } from "masto";
import generator from "megalodon";
import { mutes } from "../src/db/schema/social.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { call } from "./helpers/api-posts.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { remoteActor, remotePost } from "./helpers/interactions.ts";

/** Follows every `next` link of a list, as apps page through it. */
async function walk(server: ApiServer, token: string, first: string): Promise<string[]> {
  const ids: string[] = [];
  let path: string | null = first;
  for (let pages = 0; path && pages < 50; pages++) {
    const page = await call(server, token, "GET", path);
    assert.equal(page.status, 200);
    if (page.json.length === 0) break;
    ids.push(...page.json.map((s: { id: string }) => s.id));
    const next = /<([^>]+)>; rel="next"/.exec(page.headers.get("link") ?? "")?.[1];
    path = next ? next.slice(server.url.length) : null;
  }
  return ids;
}

describe("client API: timelines", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let tokens: Record<"alice" | "bob" | "carol", string>;

  before(async () => {
    server = await startApiServer();
    const ctx = server.runtime.ctx;
    alice = await makeMember(ctx, "alice");
    bob = await makeMember(ctx, "bob");
    carol = await makeMember(ctx, "carol");
    tokens = {
      alice: await tokenFor(server, alice),
      bob: await tokenFor(server, bob),
      carol: await tokenFor(server, carol),
    };
    // bob follows alice; carol follows nobody.
    await follow(ctx, bob, { handle: "alice" });
  });
  after(() => server.close());

  it("walks a home timeline of 250 statuses with no gaps and no duplicates, both ways", async () => {
    const ctx = server.runtime.ctx;
    const written: string[] = [];
    for (let i = 0; i < 250; i++) {
      const saved = await createEntry(ctx, alice, { body: `Day ${i} #daily`, audience: "public" });
      written.push(saved.id);
    }
    const newestFirst = [...written].reverse();
    const seen = await walk(server, tokens.bob, "/api/v1/timelines/home?limit=40");
    assert.equal(new Set(seen).size, seen.length, "no duplicates");
    assert.deepEqual(seen, newestFirst, "every status once, newest first");

    // Forward from the oldest with min_id, as apps fetch what is new.
    const oldest = written[0] as string;
    const forward = await call(
      server,
      tokens.bob,
      "GET",
      `/api/v1/timelines/home?min_id=${oldest}&limit=5`,
    );
    assert.deepEqual(
      forward.json.map((s: { id: string }) => s.id),
      written.slice(1, 6).reverse(),
    );
    const since = await call(
      server,
      tokens.bob,
      "GET",
      `/api/v1/timelines/home?since_id=${oldest}&limit=5`,
    );
    assert.deepEqual(
      since.json.map((s: { id: string }) => s.id),
      newestFirst.slice(0, 5),
    );

    // The tag timeline pages the same way, through megalodon.
    const app = generator("mastodon", server.url, tokens.carol);
    const first = await app.getTagTimeline("daily", { limit: 40 });
    assert.equal(first.data.length, 40);
    const second = await app.getTagTimeline("daily", {
      limit: 40,
      max_id: first.data.at(-1)?.id,
    });
    assert.deepEqual(
      [...first.data, ...second.data].map((s) => s.id),
      newestFirst.slice(0, 80),
    );
    const tagWalk = await walk(server, tokens.carol, "/api/v1/timelines/tag/Daily?limit=40");
    assert.deepEqual(tagWalk, newestFirst);
  });

  it("reads home and public timelines with masto: reblogs, local, only_media, mutes", async () => {
    const ctx = server.runtime.ctx;
    const masto: mastodon.rest.Client = createRestAPIClient({
      url: server.url,
      accessToken: tokens.carol,
    });
    await follow(ctx, carol, { handle: "bob" });
    const post = await createEntry(ctx, alice, { body: "Worth sharing", audience: "public" });
    const bobApp = generator("mastodon", server.url, tokens.bob);
    const reblog = await bobApp.reblogStatus(post.id);
    const home = await masto.v1.timelines.home.list({ limit: 5 });
    assert.equal(home[0]?.id, reblog.data.id, "carol's home shows bob's reblog");
    assert.equal(home[0]?.reblog?.id, post.id);

    const local = await masto.v1.timelines.public.list({ local: true, limit: 3 });
    assert.equal(local[0]?.id, post.id);
    const remoteOnly = await masto.v1.timelines.public.list({ remote: true });
    assert.equal(remoteOnly.length, 0);
    const media = await masto.v1.timelines.public.list({ onlyMedia: true });
    assert.equal(media.length, 0);

    // bob mutes alice: her posts and reblogs of them leave his home.
    await ctx.db.insert(mutes).values({ actorId: bob.actorId, targetId: alice.actorId });
    const muted = await call(server, tokens.bob, "GET", "/api/v1/timelines/home?limit=40");
    assert.ok(
      muted.json.every(
        (s: { account: { id: string }; reblog: { account: { id: string } } | null }) =>
          s.account.id !== alice.actorId && s.reblog?.account.id !== alice.actorId,
      ),
    );
    await ctx.db.delete(mutes).where(eq(mutes.actorId, bob.actorId));
  });

  it("never shows a followers-only, direct or private entry to a token that may not see it", async () => {
    const ctx = server.runtime.ctx;
    const root = await createEntry(ctx, alice, {
      body: "Open question #privacycheck",
      audience: "public",
    });
    const followersOnly = await createEntry(ctx, alice, {
      body: "For my followers #privacycheck",
      audience: "followers",
      inReplyToId: root.id,
    });
    const onlyMe = await createEntry(ctx, alice, {
      body: "Just for me #privacycheck",
      audience: "private",
    });
    const direct = await createEntry(ctx, alice, {
      body: "@bob just between us #privacycheck",
      audience: "direct",
    });
    const hidden = [followersOnly.id, onlyMe.id, direct.id];
    // bob (a follower) likes the followers-only one: its likers stay with those who may see it.
    const bobApp = generator("mastodon", server.url, tokens.bob);
    await bobApp.favouriteStatus(followersOnly.id);

    const ids = (json: { id: string }[]) => json.map((s) => s.id);
    for (const [who, token] of [
      ["carol", tokens.carol],
      ["anonymous", null],
    ] as const) {
      for (const id of hidden) {
        assert.equal((await call(server, token, "GET", `/api/v1/statuses/${id}`)).status, 404, who);
        const likers = await call(server, token, "GET", `/api/v1/statuses/${id}/favourited_by`);
        assert.equal(likers.status, 404, `${who}: favourited_by`);
        assert.equal(
          (await call(server, token, "GET", `/api/v1/statuses/${id}/context`)).status,
          404,
        );
      }
      const context = await call(server, token, "GET", `/api/v1/statuses/${root.id}/context`);
      assert.deepEqual(context.json.descendants, [], `${who}: context`);
      const lists = [
        "/api/v1/timelines/public?limit=40",
        "/api/v1/timelines/tag/privacycheck",
        `/api/v1/accounts/${alice.actorId}/statuses?limit=40`,
        `/api/v1/statuses?id[]=${hidden.join("&id[]=")}`,
      ];
      if (token) lists.push("/api/v1/timelines/home?limit=40");
      for (const path of lists) {
        const page = await call(server, token, "GET", path);
        assert.equal(page.status, 200, path);
        for (const id of hidden) assert.ok(!ids(page.json).includes(id), `${who}: ${path}`);
      }
      if (token) {
        const bookmark = await call(
          server,
          token,
          "POST",
          `/api/v1/statuses/${followersOnly.id}/bookmark`,
        );
        assert.equal(bookmark.status, 404);
      }
    }

    // bob follows alice and is mentioned: he sees the followers-only and direct ones, never "only me".
    const bobTag = ids(
      (await call(server, tokens.bob, "GET", "/api/v1/timelines/tag/privacycheck")).json,
    );
    assert.ok(!bobTag.includes(onlyMe.id));
    const bobHome = ids(
      (await call(server, tokens.bob, "GET", "/api/v1/timelines/home?limit=40")).json,
    );
    assert.ok(bobHome.includes(followersOnly.id) && !bobHome.includes(onlyMe.id));
    const mentioned = await call(server, tokens.bob, "GET", `/api/v1/statuses/${direct.id}`);
    assert.equal(mentioned.json.visibility, "direct");
    assert.deepEqual(
      mentioned.json.mentions.map((m: { id: string }) => m.id),
      [bob.actorId],
    );
    assert.equal(
      (await call(server, tokens.bob, "GET", `/api/v1/statuses/${onlyMe.id}`)).status,
      404,
    );
    const seenByBob = await call(server, tokens.bob, "GET", `/api/v1/statuses/${followersOnly.id}`);
    assert.equal(seenByBob.json.visibility, "private");
    const bobContext = await call(server, tokens.bob, "GET", `/api/v1/statuses/${root.id}/context`);
    assert.deepEqual(ids(bobContext.json.descendants), [followersOnly.id]);

    // alice sees her "only me" entry as a direct status naming nobody.
    const own = await call(server, tokens.alice, "GET", `/api/v1/statuses/${onlyMe.id}`);
    assert.equal(own.json.visibility, "direct");
    assert.deepEqual(own.json.mentions, []);
  });

  it("lists an account's statuses with exclude_replies and tagged, and 404 for an unknown account", async () => {
    const ctx = server.runtime.ctx;
    const parent = await createEntry(ctx, bob, {
      body: "Thread start #threads",
      audience: "public",
    });
    const reply = await createEntry(ctx, bob, {
      body: "Thread continues",
      audience: "public",
      inReplyToId: parent.id,
    });
    const all = await call(server, tokens.carol, "GET", `/api/v1/accounts/${bob.actorId}/statuses`);
    const allIds = all.json.map((s: { id: string }) => s.id);
    assert.ok(allIds.includes(reply.id) && allIds.includes(parent.id));
    const noReplies = await call(
      server,
      tokens.carol,
      "GET",
      `/api/v1/accounts/${bob.actorId}/statuses?exclude_replies=true`,
    );
    assert.ok(!noReplies.json.some((s: { id: string }) => s.id === reply.id));
    const tagged = await call(
      server,
      tokens.carol,
      "GET",
      `/api/v1/accounts/${bob.actorId}/statuses?tagged=threads`,
    );
    assert.deepEqual(
      tagged.json.map((s: { id: string }) => s.id),
      [parent.id],
    );
    const unknown = await call(
      server,
      tokens.carol,
      "GET",
      "/api/v1/accounts/0190a3f0-0000-7000-8000-000000000000/statuses",
    );
    assert.equal(unknown.status, 404);
    assert.equal(typeof unknown.json.error, "string");
  });

  it("shows remote posts by their audience: home of followers, federated timeline, statuses", async () => {
    const { runtime } = server;
    const pen = await remoteActor(runtime, "pen");
    await runtime.database.sql`insert into follows (follower_id, followed_id, state)
      values (${bob.actorId}, ${pen}, 'accepted')`;
    const open = await remotePost(runtime, pen, "open", "<p>Open to all #fediverse</p>");
    const few = await remotePost(runtime, pen, "few", "<p>Followers only</p>", {
      audience: "followers",
    });
    const dm = await remotePost(runtime, pen, "dm", "<p>Hi bob</p>", {
      audience: "direct",
      recipients: [bob.actorId],
    });
    const attachment = {
      type: "image",
      url: "https://remote.example/files/a.png",
      mediaType: "image/png",
      name: "A chart",
      width: 10,
      height: 10,
      blurhash: null,
    };
    await runtime.database.sql`update remote_posts
      set attachments = ${JSON.stringify([attachment])}::jsonb, tags = '{fediverse}'
      where id = ${open}`;
    const ids = (json: { id: string }[]) => json.map((s) => s.id);

    const bobHome = ids((await call(server, tokens.bob, "GET", "/api/v1/timelines/home")).json);
    for (const id of [open, few, dm]) assert.ok(bobHome.includes(id), "bob's home");
    const seen = await call(server, tokens.bob, "GET", `/api/v1/statuses/${few}`);
    assert.equal(seen.json.visibility, "private");
    assert.equal(seen.json.account.acct, "pen@remote.example");
    assert.equal(seen.json.uri, "https://remote.example/posts/few");

    const federated = await call(
      server,
      tokens.carol,
      "GET",
      "/api/v1/timelines/public?remote=true",
    );
    assert.deepEqual(ids(federated.json), [open]);
    const media = (
      await call(server, tokens.carol, "GET", "/api/v1/timelines/public?only_media=true")
    ).json;
    assert.deepEqual(ids(media), [open]);
    assert.equal(media[0].media_attachments[0].url, "https://remote.example/files/a.png");
    assert.equal(media[0].media_attachments[0].description, "A chart");
    const local = await call(
      server,
      tokens.carol,
      "GET",
      "/api/v1/timelines/public?local=true&limit=40",
    );
    assert.ok(!ids(local.json).includes(open));
    const tag = await call(server, tokens.carol, "GET", "/api/v1/timelines/tag/fediverse");
    assert.deepEqual(ids(tag.json), [open]);
    const penStatuses = await call(server, tokens.carol, "GET", `/api/v1/accounts/${pen}/statuses`);
    assert.deepEqual(ids(penStatuses.json), [open]);
    for (const id of [few, dm]) {
      assert.equal((await call(server, tokens.carol, "GET", `/api/v1/statuses/${id}`)).status, 404);
      const likers = await call(
        server,
        tokens.carol,
        "GET",
        `/api/v1/statuses/${id}/favourited_by`,
      );
      assert.equal(likers.status, 404);
    }
    const carolHome = ids(
      (await call(server, tokens.carol, "GET", "/api/v1/timelines/home?limit=40")).json,
    );
    for (const id of [open, few, dm])
      assert.ok(!carolHome.includes(id), "carol follows nobody remote");
  });
});
