import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { followState, remoteActorId } from "../src/domain/federation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { arrivals, type Json, sqlRows } from "./helpers/federation-arrivals.ts";

/** The follow button's three states on local and remote profiles, and withdrawing a request. */
describe("follow buttons: Follow, Requested — cancel, Unfollow", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let carol: CurrentUser;
  let bob: CurrentUser;
  let aliceOnB: string;
  let browser: TestClient;

  const page = async (path: string) => (await browser.get(`${a.origin}${path}`)).text();
  const buttonOf = (text: string) =>
    /<form method="post" action="([^"]+)" class="inline-form follow-form">.*?<button[^>]*>([^<]+)<\/button>/s
      .exec(text)
      ?.slice(1, 3);
  const followRequests = async (instance: Instance, recipientId: string) =>
    (
      await sqlRows(
        instance,
        `select count(*)::int as n from notifications
         where type = 'follow_request' and recipient_id = '${recipientId}'`,
      )
    )[0]?.n;

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    carol = await makeMember(a.runtime.ctx, "carol");
    await makeMember(a.runtime.ctx, "dave");
    bob = await makeMember(b.runtime.ctx, "bob");
    await makeMember(b.runtime.ctx, "eve");
    await sqlRows(a, `update actors set manually_approves_followers = true where handle = 'carol'`);
    await sqlRows(b, `update actors set manually_approves_followers = true where handle = 'bob'`);
    browser = await signedInClient(a.runtime, alice);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("walks a local locked member's profile through Follow, Requested — cancel and back", async () => {
    assert.deepEqual(buttonOf(await page("/@carol")), ["/@carol/follow", "Follow"]);
    await browser.post(`${a.origin}/@carol/follow`, {});
    const requested = await page("/@carol");
    assert.deepEqual(buttonOf(requested), ["/@carol/unfollow", "Requested — cancel"]);
    assert.match(requested, /Waiting for them to accept/);
    assert.equal(await followRequests(a, carol.actorId), 1);

    await browser.post(`${a.origin}/@carol/unfollow`, {});
    assert.deepEqual(buttonOf(await page("/@carol")), ["/@carol/follow", "Follow"]);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, carol.actorId), null);
    assert.equal(await followRequests(a, carol.actorId), 0, "the request is withdrawn");
  });

  it("shows Unfollow for a local member followed at once", async () => {
    await browser.post(`${a.origin}/@dave/follow`, {});
    assert.deepEqual(buttonOf(await page("/@dave")), ["/@dave/unfollow", "Unfollow"]);
  });

  it("withdraws a pending remote request with Undo(Follow), ending it on both sides", async () => {
    const bobOnA = (await lookupRemoteAccount(a.runtime.ctx, `@bob@${b.host}`)) ?? "";
    assert.ok(bobOnA);
    const path = `/remote/${bobOnA}`;
    assert.deepEqual(buttonOf(await page(path)), [`${path}/follow`, "Follow"]);
    await browser.post(`${a.origin}${path}/follow`, {});
    assert.deepEqual(buttonOf(await page(path)), [`${path}/unfollow`, "Requested — cancel"]);
    await settle(a, b);
    aliceOnB = (await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`)) ?? "";
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), "pending");
    assert.equal(await followRequests(b, bob.actorId), 1);
    assert.deepEqual(buttonOf(await page(path)), [`${path}/unfollow`, "Requested — cancel"]);

    await browser.post(`${a.origin}${path}/unfollow`, {});
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), null);
    assert.deepEqual(buttonOf(await page(path)), [`${path}/follow`, "Follow"]);
    const [undo] = await arrivals(a, b, "Undo");
    assert.ok(undo, "an Undo reached B");
    const follow = undo.object as Json;
    assert.equal(follow.type, "Follow");
    assert.equal(follow.id, `${a.origin}/@alice#follows/${bobOnA}`, "the Follow A sent");
    await settle(a, b);
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), null);
    assert.equal(await followRequests(b, bob.actorId), 0, "Bob's request notification is gone");
  });

  it("sends nothing when a request is withdrawn before its Follow went out", async () => {
    const bobOnA = (await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`)) ?? "";
    await browser.post(`${a.origin}/remote/${bobOnA}/follow`, {});
    await browser.post(`${a.origin}/remote/${bobOnA}/unfollow`, {});
    assert.equal((await arrivals(a, b, "Follow")).length, 0, "no Follow was sent");
    await settle(a, b);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), null);
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), null);
  });

  it("shows Unfollow once a remote account accepts", async () => {
    const eveOnA = (await lookupRemoteAccount(a.runtime.ctx, `@eve@${b.host}`)) ?? "";
    const path = `/remote/${eveOnA}`;
    await browser.post(`${a.origin}${path}/follow`, {});
    await settle(a, b);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, eveOnA), "accepted");
    assert.deepEqual(buttonOf(await page(path)), [`${path}/unfollow`, "Unfollow"]);
  });
});
