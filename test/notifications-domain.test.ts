import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { updateProfile } from "../src/domain/accounts/profile.ts";
import { transactional } from "../src/domain/context.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { follow } from "../src/domain/follows.ts";
import { blockActor, muteActor, unmuteActor } from "../src/domain/moderation/index.ts";
import {
  clearNotifications,
  dismissNotification,
  markNotificationsRead,
  notificationById,
  notificationsFor,
  notify,
  unreadNotificationCount,
} from "../src/domain/notifications/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("notifications (domain)", () => {
  let runtime: TestRuntime;
  let ana: CurrentUser;
  let ben: CurrentUser;
  let cai: CurrentUser;
  let dee: CurrentUser;
  let eve: CurrentUser;

  before(async () => {
    runtime = await startTestRuntime();
    const ctx = runtime.ctx;
    ana = await makeMember(ctx, "ana");
    ben = await makeMember(ctx, "ben");
    cai = await makeMember(ctx, "cai");
    dee = await makeMember(ctx, "dee");
    eve = await makeMember(ctx, "eve");
  });
  after(async () => {
    await runtime?.close();
  });

  it("tells a member who followed them, with the follower's name, and counts it unread", async () => {
    await follow(runtime.ctx, ben, { handle: "ana" });
    const [first, ...rest] = await notificationsFor(runtime.ctx, ana, {});
    assert.equal(rest.length, 0);
    assert.equal(first?.type, "follow");
    assert.equal(first?.from?.handle, "ben");
    assert.equal(first?.from?.displayName, "ben Example");
    assert.equal(first?.from?.host, null);
    assert.equal(first?.readAt, null);
    assert.equal(await unreadNotificationCount(runtime.ctx, ana), 1);
    // Following again is not a second notification.
    await follow(runtime.ctx, ben, { handle: "ana" });
    assert.equal((await notificationsFor(runtime.ctx, ana, {})).length, 1);
  });

  it("marks notifications read up to an id, then all of them", async () => {
    await follow(runtime.ctx, cai, { handle: "ana" });
    const [newest, older] = await notificationsFor(runtime.ctx, ana, {});
    assert.ok(newest && older);
    assert.equal(await markNotificationsRead(runtime.ctx, ana, older.id), 1);
    assert.equal(await unreadNotificationCount(runtime.ctx, ana), 1);
    assert.equal((await notificationById(runtime.ctx, ana, newest.id))?.readAt, null);
    assert.equal(await markNotificationsRead(runtime.ctx, ana), 1);
    assert.equal(await unreadNotificationCount(runtime.ctx, ana), 0);
    assert.ok((await notificationById(runtime.ctx, ana, newest.id))?.readAt instanceof Date);
  });

  it("asks a locked account's owner to approve, as a follow request", async () => {
    await updateProfile(runtime.ctx, eve, { manuallyApprovesFollowers: true, displayName: "Eve" });
    await follow(runtime.ctx, ben, { handle: "eve" });
    const [request] = await notificationsFor(runtime.ctx, eve, {});
    assert.equal(request?.type, "follow_request");
    assert.equal(request?.from?.handle, "ben");
  });

  it("filters by type, pages by id both ways, and finds one by id for its owner only", async () => {
    await follow(runtime.ctx, dee, { handle: "ana" });
    const all = await notificationsFor(runtime.ctx, ana, {});
    assert.deepEqual(
      all.map((n) => n.from?.handle),
      ["dee", "cai", "ben"],
    );
    const page = await notificationsFor(runtime.ctx, ana, { limit: 1, maxId: all[0]?.id });
    assert.deepEqual(
      page.map((n) => n.from?.handle),
      ["cai"],
    );
    const newer = await notificationsFor(runtime.ctx, ana, { limit: 1, minId: all[2]?.id });
    assert.deepEqual(
      newer.map((n) => n.from?.handle),
      ["cai"],
      "min_id: right after it",
    );
    const since = await notificationsFor(runtime.ctx, ana, { limit: 1, sinceId: all[2]?.id });
    assert.deepEqual(
      since.map((n) => n.from?.handle),
      ["dee"],
      "since_id: the newest",
    );
    assert.equal((await notificationsFor(runtime.ctx, ana, { types: ["like"] })).length, 0);
    assert.equal((await notificationsFor(runtime.ctx, ana, { types: ["nonsense"] })).length, 0);
    assert.equal(
      (await notificationsFor(runtime.ctx, ana, { excludeTypes: ["follow"] })).length,
      0,
    );
    assert.equal(
      (await notificationsFor(runtime.ctx, ana, { fromActorId: cai.actorId })).length,
      1,
    );
    assert.equal(await notificationById(runtime.ctx, ben, all[0]?.id ?? ""), null);
  });

  it("creates none from blocked or muted accounts, and hides earlier ones while muted", async () => {
    await blockActor(runtime.ctx, dee, cai.actorId);
    await assert.rejects(follow(runtime.ctx, cai, { handle: "dee" }), { code: "forbidden" });
    await muteActor(runtime.ctx, dee, ben.actorId);
    await follow(runtime.ctx, ben, { handle: "dee" });
    assert.equal((await notificationsFor(runtime.ctx, dee, {})).length, 0);

    // Muting without hiding notifications lets them through.
    await muteActor(runtime.ctx, ana, dee.actorId, { hideNotifications: false });
    await follow(runtime.ctx, dee, { handle: "ana" }); // already following: nothing new
    const before = await notificationsFor(runtime.ctx, ana, {});
    assert.ok(before.some((n) => n.from?.handle === "dee"));
    await muteActor(runtime.ctx, ana, dee.actorId, { hideNotifications: true });
    const hidden = await notificationsFor(runtime.ctx, ana, {});
    assert.ok(!hidden.some((n) => n.from?.handle === "dee"), "muted: hidden");
    await unmuteActor(runtime.ctx, ana, dee.actorId);
    assert.ok((await notificationsFor(runtime.ctx, ana, {})).some((n) => n.from?.handle === "dee"));
  });

  it("shows the post a notification is about only while the member may see it", async () => {
    const shown = await createEntry(runtime.ctx, cai, {
      kind: "article",
      title: "On rubber ducks",
      body: "Explaining the bug to a duck <b>works</b> & it is cheap.",
      audience: "public",
    });
    const hidden = await createEntry(runtime.ctx, cai, {
      kind: "note",
      body: "A private thought",
      audience: "private",
    });
    await transactional(runtime.ctx, async (tx) => {
      await notify(tx, {
        recipientId: ben.actorId,
        type: "mention",
        fromActorId: cai.actorId,
        entryId: shown.id,
      });
      await notify(tx, {
        recipientId: ben.actorId,
        type: "mention",
        fromActorId: cai.actorId,
        entryId: hidden.id,
      });
    });
    const mentions = await notificationsFor(runtime.ctx, ben, { types: ["mention"] });
    assert.equal(mentions.length, 1, "the private entry's notification is not shown");
    const post = mentions[0]?.post;
    assert.equal(post?.kind, "entry");
    assert.equal(post?.kind === "entry" ? post.authorHandle : "", "cai");
    assert.equal(post?.kind === "entry" ? post.title : "", "On rubber ducks");
    assert.match(post?.excerpt ?? "", /Explaining the bug to a duck works & it is cheap/);
    assert.equal(await unreadNotificationCount(runtime.ctx, ben, 1000, { types: ["mention"] }), 1);
  });

  it("dismisses one notification and clears the rest, only the member's own", async () => {
    const [first] = await notificationsFor(runtime.ctx, ana, {});
    assert.ok(first);
    assert.equal(await dismissNotification(runtime.ctx, ben, first.id), false, "not ben's");
    assert.equal(await dismissNotification(runtime.ctx, ana, first.id), true);
    assert.equal(await notificationById(runtime.ctx, ana, first.id), null);
    assert.ok((await clearNotifications(runtime.ctx, ana)) > 0);
    assert.equal((await notificationsFor(runtime.ctx, ana, {})).length, 0);
    assert.ok((await notificationsFor(runtime.ctx, eve, {})).length > 0, "others keep theirs");
  });
});
