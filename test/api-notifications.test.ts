import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, type mastodon } from "masto";
import generator from "megalodon";
import { transactional } from "../src/domain/context.ts";
import { follow } from "../src/domain/follows.ts";
import { likePost, sharePost } from "../src/domain/interactions/index.ts";
import { notify } from "../src/domain/notifications/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post } from "./helpers/interactions.ts";

/**
 * Notifications and markers through the client API, driven by masto and
 * megalodon as apps drive them, against a real server on a port.
 */
describe("the notifications API", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let masto: mastodon.rest.Client;
  let aliceToken: string;
  let aliceEntry: string;

  before(async () => {
    server = await startApiServer();
    const ctx = server.runtime.ctx;
    alice = await makeMember(ctx, "alice");
    bob = await makeMember(ctx, "bob");
    carol = await makeMember(ctx, "carol");
    aliceToken = await tokenFor(server, alice);
    masto = createRestAPIClient({ url: server.url, accessToken: aliceToken });
    aliceEntry = await post(server.runtime, alice, "Prototyping the onboarding flow");
    // Oldest to newest: a follow, a like, a share, a mention, a coach finding.
    await follow(ctx, bob, { handle: "alice" });
    await likePost(ctx, bob, aliceEntry);
    await sharePost(ctx, carol, aliceEntry);
    await post(server.runtime, carol, "Thanks @alice for the review");
    await transactional(ctx, (tx) =>
      notify(tx, {
        recipientId: alice.actorId,
        type: "coach",
        fromActorId: null,
        detail: { finding: "no reflection this week" },
      }),
    );
  });

  after(() => server?.close());

  it("lists notifications with Mastodon's types, newest first, without opt-in types", async () => {
    const list = await masto.v1.notifications.fetch();
    assert.deepEqual(
      list.map((n) => n.type),
      ["mention", "reblog", "favourite", "follow"],
    );
    const [mention, reblog, favourite, followed] = list;
    assert.equal(favourite?.account.username, "bob");
    assert.equal(favourite?.status?.id, aliceEntry);
    assert.equal(reblog?.account.username, "carol");
    assert.equal(reblog?.status?.id, aliceEntry);
    assert.equal(followed?.account.username, "bob");
    assert.equal(followed?.status, undefined);
    assert.match(mention?.status?.content ?? "", /Thanks/);
  });

  it("filters by types[], exclude_types[] and account_id; our own types on request", async () => {
    const favourites = await masto.v1.notifications.fetch({ types: ["favourite"] });
    assert.deepEqual(
      favourites.map((n) => n.type),
      ["favourite"],
    );
    const noFollows = await masto.v1.notifications.fetch({ excludeTypes: ["follow", "mention"] });
    assert.deepEqual(
      noFollows.map((n) => n.type),
      ["reblog", "favourite"],
    );
    const fromBob = await masto.v1.notifications.fetch({ accountId: bob.actorId });
    assert.deepEqual(
      fromBob.map((n) => n.type),
      ["favourite", "follow"],
    );
    const coach = (await masto.v1.notifications.fetch({
      types: ["coach" as "mention"],
    })) as mastodon.v1.Notification[];
    assert.equal(coach.length, 1);
    assert.equal(coach[0]?.type as string, "coach");
    // The coach speaks for no one: shown as the member's own account.
    assert.equal(coach[0]?.account.id, alice.actorId);
  });

  it("pages with Link headers and no gaps", async () => {
    const seen: string[] = [];
    for await (const page of masto.v1.notifications.list({ limit: 2 })) {
      seen.push(...page.map((n) => n.id));
      if (seen.length > 10) break;
    }
    const all = await masto.v1.notifications.fetch();
    assert.deepEqual(
      seen,
      all.map((n) => n.id),
    );
  });

  it("reads one, dismisses one, and counts unread", async () => {
    const [first] = await masto.v1.notifications.fetch({ types: ["favourite"] });
    assert.ok(first);
    const one = await masto.v1.notifications.$select(first.id).fetch();
    assert.equal(one.type, "favourite");
    const unread = await masto.v1.notifications.unreadCount.fetch();
    // The coach's finding is not counted for an app that never asked for it.
    assert.equal(unread.count, 4);
    await masto.v1.notifications.$select(first.id).dismiss();
    await assert.rejects(masto.v1.notifications.$select(first.id).fetch(), /Record not found/);
    const left = await masto.v1.notifications.fetch();
    assert.ok(!left.some((n) => n.id === first.id));
  });

  it("never shows another member's notifications", async () => {
    const bobClient = createRestAPIClient({
      url: server.url,
      accessToken: await tokenFor(server, bob),
    });
    const [aliceNotification] = await masto.v1.notifications.fetch();
    assert.ok(aliceNotification);
    await assert.rejects(bobClient.v1.notifications.$select(aliceNotification.id).fetch());
    await assert.rejects(bobClient.v1.notifications.$select(aliceNotification.id).dismiss());
    assert.deepEqual(await bobClient.v1.notifications.fetch(), []);
  });

  it("refuses tokens without the notifications scope", async () => {
    const token = await tokenFor(server, alice, ["read:statuses"]);
    const response = await fetch(`${server.url}/api/v1/notifications`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 403);
    assert.ok("error" in (await response.json()));
    const anonymous = await fetch(`${server.url}/api/v1/notifications`);
    assert.equal(anonymous.status, 401);
  });

  it("saves markers with megalodon; the notifications marker marks them read", async () => {
    const client = generator("mastodon", server.url, aliceToken);
    const newest = (await masto.v1.notifications.fetch())[0];
    assert.ok(newest);
    const saved = await client.saveMarkers({
      home: { last_read_id: aliceEntry },
      notifications: { last_read_id: newest.id },
    });
    assert.equal(saved.status, 200);
    const markers = (await client.getMarkers(["home", "notifications"])).data as Record<
      string,
      { last_read_id: string; version: number }
    >;
    assert.equal(markers.notifications?.last_read_id, newest.id);
    assert.equal(markers.home?.last_read_id, aliceEntry);
    assert.equal(markers.home?.version, 1);
    assert.equal((await masto.v1.notifications.unreadCount.fetch()).count, 0);
    await masto.v1.markers.create({ home: { lastReadId: aliceEntry } });
    const again = await masto.v1.markers.fetch({ timeline: ["home"] });
    assert.equal(again.home?.version, 2);
    assert.equal(again.notifications, undefined);
  });

  it("answers bad marker input with Mastodon's error shape", async () => {
    const response = await fetch(`${server.url}/api/v1/markers`, {
      method: "POST",
      headers: { authorization: `Bearer ${aliceToken}`, "content-type": "application/json" },
      body: JSON.stringify({ home: { last_read_id: "" } }),
    });
    assert.equal(response.status, 422);
    assert.ok(typeof (await response.json()).error === "string");
  });

  it("clears every notification", async () => {
    await masto.v1.notifications.clear();
    assert.deepEqual(await masto.v1.notifications.fetch(), []);
  });
});
