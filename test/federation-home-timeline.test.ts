import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import {
  acceptFollow,
  homeTimeline,
  storeRemoteActor,
  storeRemotePost,
} from "../src/domain/federation/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** The home timeline on one instance, remote posts inserted as the inbox would keep them. */
describe("the home timeline", () => {
  let runtime: TestRuntime;
  let me: CurrentUser;
  let clock = Date.parse("2026-03-01T09:00:00Z");
  /** Labels of what should appear, newest first. */
  const expected: string[] = [];

  const at = (minute: number) => new Date(Date.parse("2026-03-01T09:00:00Z") + minute * 60_000);
  async function entry(
    author: CurrentUser,
    body: string,
    minute: number,
    audience: "public" | "followers" | "private" = "public",
  ) {
    clock = at(minute).getTime();
    await createEntry(runtime.ctx, author, { kind: "note", body, audience });
  }
  async function remoteActor(handle: string) {
    return storeRemoteActor(runtime.ctx, {
      uri: `https://remote.example/users/${handle}`,
      handle,
      host: "remote.example",
      displayName: `${handle} Remote`,
      bioHtml: "",
      inboxUrl: `https://remote.example/users/${handle}/inbox`,
      sharedInboxUrl: null,
      url: null,
    });
  }
  async function remotePost(
    authorId: string,
    text: string,
    minute: number,
    audience: "public" | "followers" | "direct" = "public",
  ) {
    await storeRemotePost(runtime.ctx, {
      uri: `https://remote.example/posts/${encodeURIComponent(text)}`,
      authorId,
      type: "Note",
      url: null,
      name: "",
      summary: "",
      contentHtml: `<p>${text}</p><script>alert(1)</script>`,
      sensitive: false,
      audience,
      publishedAt: at(minute),
      updatedAt: null,
    });
  }

  before(async () => {
    runtime = await startTestRuntime({}, { now: () => new Date(clock) });
    me = await makeMember(runtime.ctx, "me");
    const friend = await makeMember(runtime.ctx, "friend");
    const stranger = await makeMember(runtime.ctx, "stranger");
    await follow(runtime.ctx, me, { handle: "friend" });
    const followedRemote = await remoteActor("pen");
    const otherRemote = await remoteActor("stranger");
    await acceptFollow(runtime.ctx, me.actorId, followedRemote);
    // Someone else here follows the other remote account, so its posts are kept.
    await acceptFollow(runtime.ctx, friend.actorId, otherRemote);

    await entry(me, "own one", 1);
    await entry(friend, "friend one", 2);
    await remotePost(followedRemote, "remote one", 3);
    await entry(friend, "friend private", 4, "private");
    await entry(stranger, "stranger public", 5);
    await remotePost(otherRemote, "unfollowed remote", 6);
    await entry(friend, "friend followers", 7, "followers");
    await remotePost(followedRemote, "remote followers", 8, "followers");
    // The same minute on both sides: the id decides, and no page loses or repeats one.
    await entry(me, "own tie", 9);
    await remotePost(followedRemote, "remote tie", 9);
    await entry(me, "own newest", 10);
    await remotePost(followedRemote, "remote direct", 11, "direct");
    expected.push(
      "own tie|remote tie",
      "remote followers",
      "friend followers",
      "remote one",
      "friend one",
      "own one",
    );
  });
  after(async () => {
    await runtime?.close();
  });

  const labelOf = (item: Awaited<ReturnType<typeof homeTimeline>>["items"][number]) =>
    item.kind === "entry"
      ? item.entry.bodyHtml.replace(/<[^>]+>/g, "").trim()
      : item.post.contentHtml.replace(/<[^>]+>/g, "").trim();

  it("merges own, followed local and followed remote posts newest first, page by page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page = await homeTimeline(runtime.ctx, me, { cursor, limit: 3 });
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map(labelOf));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    assert.equal(seen[0], "own newest");
    const rest = seen.slice(1);
    assert.deepEqual(rest.slice(2), expected.slice(1), `timeline was ${JSON.stringify(seen)}`);
    assert.deepEqual(new Set(rest.slice(0, 2)), new Set(["own tie", "remote tie"]));
    assert.equal(new Set(seen).size, seen.length, "no item repeated across pages");
  });

  it("never shows a followed member's private entry, strangers or unfollowed remote posts", async () => {
    const page = await homeTimeline(runtime.ctx, me, { limit: 100 });
    const labels = page.items.map(labelOf);
    for (const hidden of [
      "friend private",
      "stranger public",
      "unfollowed remote",
      "remote direct",
    ]) {
      assert.ok(!labels.includes(hidden), `${hidden} must not appear`);
    }
  });

  it("renders /home for the member, remote content sanitized", async () => {
    const client = await signedInClient(runtime, me);
    const response = await client.get("/home");
    assert.equal(response.status, 200);
    assert.match(response.headers.get("cache-control") ?? "", /private/);
    const text = await response.text();
    assert.match(text, /remote one/);
    assert.match(text, /friend followers/);
    assert.match(text, /href="\/home"/, "the header links to it");
    assert.doesNotMatch(text, /friend private|alert\(1\)/);
    assert.ok(text.indexOf("remote followers") < text.indexOf("friend one"), "newest first");
    const bad = await client.get("/home?cursor=nonsense");
    assert.equal(bad.status, 400);
  });
});
