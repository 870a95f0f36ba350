import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { followRemote, followState, remoteActorId } from "../src/domain/federation/index.ts";
import { blockDomain } from "../src/domain/moderation/index.ts";
import { FakeRemote } from "./helpers/fake-remote.ts";
import { activity, InboxFixture, note } from "./helpers/inbox-fixture.ts";

describe("inbox: blocks, reports, follow requests, rejections, moves and domain blocks", () => {
  let f: InboxFixture;
  const objectIdOf = (create: { object: { id: string } }) => create.object.id;

  before(async () => {
    f = await InboxFixture.start();
  });
  after(async () => {
    await f?.close();
  });

  it("keeps a remote Block, ending follows both ways, until its Undo", async () => {
    await f.follow(f.bob, f.mallory, f.remote);
    const malloryId = await remoteActorId(f.b.runtime.ctx, f.mallory.id);
    assert.ok(malloryId);
    assert.equal(await followState(f.b.runtime.ctx, f.bob.actorId, malloryId), "accepted");
    const block = activity(f.mallory, "Block", f.actorUri("bob"));
    await f.remote.send(f.mallory, `${f.b.origin}/@bob/inbox`, block);
    await f.settle();
    const blocked = () =>
      f.count(`select count(*)::int as n from blocks
        where actor_id = '${malloryId}' and target_id = '${f.bob.actorId}'`);
    assert.equal(await blocked(), 1);
    assert.equal(await followState(f.b.runtime.ctx, f.bob.actorId, malloryId), null);
    // While the block stands, Mallory cannot follow Bob: the request is refused.
    const followBob = activity(f.mallory, "Follow", f.actorUri("bob"));
    await f.remote.send(f.mallory, f.inboxOf("bob"), followBob);
    await f.settle();
    assert.equal(await followState(f.b.runtime.ctx, malloryId, f.bob.actorId), null);
    const refusal = f.remote.received.find((a) => a.type === "Reject");
    assert.equal((refusal?.object as { id?: string } | undefined)?.id, followBob.id);
    await f.remote.send(f.mallory, `${f.b.origin}/@bob/inbox`, activity(f.mallory, "Undo", block));
    await f.settle();
    assert.equal(await blocked(), 0);
  });

  it("turns a Flag into one report for the admin", async () => {
    const flag = activity(f.mallory, "Flag", [f.actorUri("bob"), f.entryUri], {
      content: "Spam, I think",
    });
    await f.remote.send(f.mallory, f.sharedInbox, flag);
    await f.remote.send(f.mallory, f.sharedInbox, { ...flag });
    await f.settle();
    const reports = await f.rows(`select * from reports where uri = '${flag.id}'`);
    assert.equal(reports.length, 1);
    assert.equal(reports[0]?.target_id, f.bob.actorId);
    assert.deepEqual(reports[0]?.post_ids, [f.entryId]);
    assert.equal(reports[0]?.comment, "Spam, I think");
    assert.equal((await f.notificationsOf(f.admin, "report")).length, 1);
  });

  it("keeps a follow of a locked account pending and asks the member", async () => {
    await f.rows(
      `update actors set manually_approves_followers = true where id = '${f.cleo.actorId}'`,
    );
    const followCleo = activity(f.carol, "Follow", f.actorUri("cleo"));
    await f.other.send(f.carol, `${f.b.origin}/@cleo/inbox`, followCleo);
    await f.settle();
    const [kept] = await f.rows(`select f.state, f.uri from follows f join actors a
      on a.id = f.follower_id where a.uri = '${f.carol.id}' and f.followed_id = '${f.cleo.actorId}'`);
    assert.equal(kept?.state, "pending");
    assert.equal(kept?.uri, followCleo.id);
    assert.equal((await f.notificationsOf(f.cleo, "follow_request")).length, 1);
    assert.ok(!f.other.received.some((a) => a.type === "Accept"), "no Accept was sent");
    // Withdrawn before Cleo decides: the request and its notification go.
    await f.other.send(f.carol, `${f.b.origin}/@cleo/inbox`, activity(f.carol, "Undo", followCleo));
    await f.settle();
    assert.equal(
      await f.count(`select count(*)::int as n from follows
      where followed_id = '${f.cleo.actorId}' and state = 'pending'`),
      0,
    );
    assert.equal((await f.notificationsOf(f.cleo, "follow_request")).length, 0);
    // An open account accepts at once.
    const followBob = activity(f.carol, "Follow", f.actorUri("bob"));
    await f.other.send(f.carol, `${f.b.origin}/@bob/inbox`, followBob);
    await f.settle();
    assert.equal((await f.notificationsOf(f.bob, "follow")).length, 1);
    const accept = f.other.received.find((a) => a.type === "Accept");
    assert.equal((accept?.object as { id?: string } | undefined)?.id, followBob.id);
  });

  it("drops a follow request the remote account rejects", async () => {
    const dana = await f.other.actor("dana");
    await followRemote(f.b.runtime.ctx, f.bob, dana.id);
    await f.settle();
    const danaId = await remoteActorId(f.b.runtime.ctx, dana.id);
    assert.ok(danaId);
    assert.equal(await followState(f.b.runtime.ctx, f.bob.actorId, danaId), "pending");
    const request = f.other.received.find((a) => a.type === "Follow" && a.object === dana.id);
    // Someone else cannot reject it for Dana.
    await f.other.send(f.carol, `${f.b.origin}/@bob/inbox`, activity(f.carol, "Reject", request));
    await f.settle();
    assert.equal(await followState(f.b.runtime.ctx, f.bob.actorId, danaId), "pending");
    await f.other.send(dana, `${f.b.origin}/@bob/inbox`, activity(dana, "Reject", request));
    await f.settle();
    assert.equal(await followState(f.b.runtime.ctx, f.bob.actorId, danaId), null);
  });

  it("moves followers to the new account named by a verified Move", async () => {
    const old = await f.remote.actor("olivia");
    await f.follow(f.cleo, old, f.remote);
    const oldId = await remoteActorId(f.b.runtime.ctx, old.id);
    assert.ok(oldId);
    assert.equal(await followState(f.b.runtime.ctx, f.cleo.actorId, oldId), "accepted");
    // A target that does not list the old account is not followed.
    const stranger = await f.other.actor("stranger");
    await f.remote.send(old, f.sharedInbox, activity(old, "Move", old.id, { target: stranger.id }));
    await f.settle();
    assert.equal(await followState(f.b.runtime.ctx, f.cleo.actorId, oldId), "accepted");
    const fresh = await f.other.actor("olivia2", { alsoKnownAs: [old.id] });
    await f.remote.send(old, f.sharedInbox, activity(old, "Move", old.id, { target: fresh.id }));
    await f.settle();
    const freshId = await remoteActorId(f.b.runtime.ctx, fresh.id);
    assert.ok(freshId);
    assert.equal(await followState(f.b.runtime.ctx, f.cleo.actorId, oldId), null);
    assert.equal(await followState(f.b.runtime.ctx, f.cleo.actorId, freshId), "pending");
    assert.ok(
      f.other.received.some(
        (a) => a.type === "Follow" && a.actor === f.actorUri("cleo") && a.object === fresh.id,
      ),
      "a Follow went to the new account",
    );
    const [told] = await f.notificationsOf(f.cleo, "move");
    assert.equal(told?.from_actor_id, oldId);
    const [moved] = await f.rows(`select moved_to_id from actors where id = '${oldId}'`);
    assert.equal(moved?.moved_to_id, freshId);
    const [kept] = await f.rows(
      `select also_known_as, avatar_url from actors where id = '${freshId}'`,
    );
    assert.deepEqual(kept?.also_known_as, [old.id]);
    assert.equal(kept?.avatar_url, `${f.other.origin}/avatars/olivia2.png`);
  });

  it("drops activities from a blocked server before parsing them", async () => {
    const spam = await FakeRemote.start();
    try {
      const spammer = await spam.actor("spammer");
      await blockDomain(f.b.runtime.ctx, f.admin, { domain: spam.host, reason: "spam" });
      const jobs = () => f.count(`select count(*)::int as n from jobs`);
      const before = await jobs();
      const mention = note(spammer, {
        cc: [f.actorUri("bob")],
        tag: [{ type: "Mention", href: f.actorUri("bob") }],
      });
      const sent = await spam.send(spammer, f.sharedInbox, mention);
      assert.equal(sent.status, 202);
      assert.equal(await jobs(), before, "nothing was queued");
      await f.settle();
      assert.equal(await f.postAt(objectIdOf(mention)), null);
      assert.equal(await remoteActorId(f.b.runtime.ctx, spammer.id), null, "never even fetched");
    } finally {
      await spam.close();
    }
  });
});
