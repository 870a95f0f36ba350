import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { createStreamingAPIClient, type mastodon } from "masto";
import generator, { type Entity } from "megalodon";
import { issueToken, revokeToken } from "../src/domain/api/index.ts";
import { deleteEntry, updateEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import { likePost, sharePost } from "../src/domain/interactions/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post } from "./helpers/interactions.ts";

/** Events as they arrive, and a way to wait for the next one that matches. */
class Inbox<T> {
  readonly events: T[] = [];
  private waiters: (() => void)[] = [];

  push(event: T): void {
    this.events.push(event);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** The first event (from `from` on) that matches; waits for it. */
  async first(match: (event: T) => boolean, from = 0): Promise<T> {
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

/** Waits until the server holds `count` subscriptions (no event is lost before). */
async function subscribed(server: ApiServer, count: number): Promise<void> {
  while (server.streaming.subscriptions < count) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the streaming API", { timeout: 60_000 }, () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let bobStream: mastodon.streaming.Client;
  const bobEvents = new Inbox<mastodon.streaming.Event>();
  const carolUpdates = new Inbox<Entity.Status>();
  const carolDeletes = new Inbox<string>();
  let carolSocket: { stop(): void } | null = null;

  before(async () => {
    server = await startApiServer();
    const ctx = server.runtime.ctx;
    alice = await makeMember(ctx, "alice");
    bob = await makeMember(ctx, "bob");
    carol = await makeMember(ctx, "carol");
    await follow(ctx, bob, { handle: "alice" });

    // Bob with masto: a bare connection, the token as the WebSocket protocol, then "subscribe".
    bobStream = createStreamingAPIClient({
      streamingApiUrl: server.url.replace(/^http/, "ws"),
      accessToken: await tokenFor(server, bob, ["read"]),
      retry: false,
    });
    const subscription = bobStream.user.subscribe();
    void (async () => {
      for await (const event of subscription) bobEvents.push(event);
    })().catch(() => {});

    // Carol with megalodon: `?stream=public:local&access_token=…`.
    const megalodon = generator("mastodon", server.url, await tokenFor(server, carol, ["read"]));
    const socket = await megalodon.localStreaming();
    socket.on("update", (status: Entity.Status) => carolUpdates.push(status));
    socket.on("delete", (id: string) => carolDeletes.push(id));
    carolSocket = socket;
    await subscribed(server, 2);
  });

  after(async () => {
    bobStream?.close();
    carolSocket?.stop();
    await server?.close();
  });

  it("answers the health check", async () => {
    const response = await fetch(`${server.url}/api/v1/streaming/health`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "OK");
  });

  it("sends a followed member's new post to the follower's user stream", async () => {
    const id = await post(server.runtime, alice, "Shipping the new onboarding today");
    const event = await bobEvents.first((e) => e.event === "update");
    assert.deepEqual(event.stream, ["user"]);
    assert.equal(event.event === "update" && event.payload.id, id);
    assert.equal(event.event === "update" && event.payload.account.username, "alice");
  });

  it("never sends a followers-only post to public:local, but does to followers", async () => {
    const from = carolUpdates.events.length;
    const hidden = await post(server.runtime, alice, "Followers only: draft salary notes", {
      audience: "followers",
    });
    const shown = await post(server.runtime, alice, "Public: what I learned this week");
    // Events go out in commit order: had the followers-only post gone out, it would come first.
    const first = await carolUpdates.first(() => true, from);
    assert.equal(first.id, shown);
    assert.ok(!carolUpdates.events.some((status) => status.id === hidden));
    // Bob follows Alice: her followers-only post reaches his home stream.
    const seen = await bobEvents.first((e) => e.event === "update" && e.payload.id === hidden);
    assert.equal(seen.event === "update" && seen.payload.visibility, "private");
  });

  it("sends notifications to the member's user stream", async () => {
    const from = bobEvents.events.length;
    const bobEntry = await post(server.runtime, bob, "A question about the onboarding flow");
    await likePost(server.runtime.ctx, alice, bobEntry);
    const liked = await bobEvents.first((e) => e.event === "notification", from);
    assert.equal(liked.event === "notification" && liked.payload.type, "favourite");
    assert.equal(liked.event === "notification" && liked.payload.status?.id, bobEntry);
    assert.equal(liked.event === "notification" && liked.payload.account.username, "alice");
    await follow(server.runtime.ctx, carol, { handle: "bob" });
    const followed = await bobEvents.first(
      (e) => e.event === "notification" && e.payload.type === "follow",
      from,
    );
    assert.equal(followed.event === "notification" && followed.payload.account.username, "carol");
  });

  it("sends a member's share to their own user stream, as a reblog", async () => {
    const id = await post(server.runtime, alice, "Worth sharing: the onboarding checklist");
    await bobEvents.first((e) => e.event === "update" && e.payload.id === id);
    const { shared } = await sharePost(server.runtime.ctx, bob, id);
    assert.ok(shared);
    const event = await bobEvents.first((e) => e.event === "update" && e.payload.reblog?.id === id);
    assert.equal(event.event === "update" && event.payload.account.username, "bob");
  });

  it("sends public posts with a tag to a hashtag subscription on the same connection", async () => {
    const tagged = new Inbox<mastodon.streaming.Event>();
    const subscription = bobStream.hashtag.subscribe({ tag: "Design" });
    void (async () => {
      for await (const event of subscription) tagged.push(event);
    })().catch(() => {});
    await subscribed(server, 3);
    const hidden = await post(server.runtime, alice, "Followers only #design notes", {
      audience: "followers",
    });
    const shown = await post(server.runtime, alice, "Public #design notes");
    const first = await tagged.first((e) => e.event === "update");
    assert.deepEqual(first.stream, ["hashtag", "Design"]);
    assert.equal(first.event === "update" && first.payload.id, shown);
    assert.ok(!tagged.events.some((e) => e.event === "update" && e.payload.id === hidden));
    subscription.unsubscribe();
  });

  it("sends an edit as status.update", async () => {
    const id = await post(server.runtime, alice, "First draft of the retro notes");
    await bobEvents.first((e) => e.event === "update" && e.payload.id === id);
    await updateEntry(server.runtime.ctx, alice, {
      id,
      kind: "note",
      body: "Retro notes, revised",
    });
    const edited = await bobEvents.first((e) => e.event === "status.update" && e.payload.id === id);
    assert.match(edited.event === "status.update" ? edited.payload.content : "", /revised/);
  });

  it("sends delete to public streams when an edit narrows a post to followers", async () => {
    const id = await post(server.runtime, alice, "Open retro notes for everyone");
    await carolUpdates.first((status) => status.id === id);
    await bobEvents.first((e) => e.event === "update" && e.payload.id === id);
    const bobFrom = bobEvents.events.length;
    await updateEntry(server.runtime.ctx, alice, {
      id,
      kind: "note",
      body: "Retro notes, for followers only now",
      audience: "followers",
    });
    // Carol (public:local, not a follower) may no longer see it: her app drops it.
    assert.equal(await carolDeletes.first((deleted) => deleted === id), id);
    // Bob follows Alice: he still sees it, edited, and is told of no deletion.
    const edited = await bobEvents.first(
      (e) => e.event === "status.update" && e.payload.id === id,
      bobFrom,
    );
    assert.equal(edited.event === "status.update" && edited.payload.visibility, "private");
    const later = await post(server.runtime, alice, "A later public post");
    await bobEvents.first((e) => e.event === "update" && e.payload.id === later, bobFrom);
    assert.ok(
      !bobEvents.events.slice(bobFrom).some((e) => e.event === "delete" && e.payload === id),
    );
    // An edit that keeps the audience deletes nothing.
    const kept = await post(server.runtime, alice, "Public notes, staying public");
    await carolUpdates.first((status) => status.id === kept);
    await updateEntry(server.runtime.ctx, alice, { id: kept, kind: "note", body: "Still public" });
    const marker = await post(server.runtime, alice, "Marker post");
    await carolUpdates.first((status) => status.id === marker);
    assert.ok(!carolDeletes.events.includes(kept));
  });

  it("tells the follower's stream when a post is deleted", async () => {
    const id = await post(server.runtime, alice, "A post about to go");
    await bobEvents.first((e) => e.event === "update" && e.payload.id === id);
    await deleteEntry(server.runtime.ctx, alice, { id });
    const deleted = await bobEvents.first((e) => e.event === "delete");
    assert.equal(deleted.event === "delete" && deleted.payload, id);
  });

  it("ends a stream whose token is revoked", async () => {
    const { id, token } = await issueToken(server.runtime.ctx, {
      appId: null,
      userId: carol.userId,
      scopes: ["read"],
    });
    const socket = new WebSocket(
      `${server.url.replace(/^http/, "ws")}/api/v1/streaming?stream=user&access_token=${token}`,
    );
    await new Promise((resolve) => socket.addEventListener("open", resolve));
    const closed = new Promise<number>((resolve) =>
      socket.addEventListener("close", (event) => resolve(event.code)),
    );
    assert.ok(await revokeToken(server.runtime.ctx, id, carol.userId));
    assert.equal(await closed, 1008);
  });

  it("refuses a connection without a valid token", async () => {
    const refused = await new Promise<string>((resolve) => {
      const socket = new WebSocket(
        `${server.url.replace(/^http/, "ws")}/api/v1/streaming?stream=user&access_token=nope`,
      );
      socket.addEventListener("open", () => resolve("open"));
      socket.addEventListener("error", () => resolve("error"));
    });
    assert.equal(refused, "error");
    // The handshake is answered 401 in Mastodon's error shape.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const request = http.get(`${server.url}/api/v1/streaming?stream=user&access_token=nope`, {
        headers: {
          connection: "Upgrade",
          upgrade: "websocket",
          "sec-websocket-version": "13",
          "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      request.on("upgrade", () => resolve(101));
      request.on("error", reject);
    });
    assert.equal(status, 401);
  });
});
