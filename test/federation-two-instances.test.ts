import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Create, Note, PUBLIC_COLLECTION } from "@fedify/fedify/vocab";
import { createEntry, deleteEntry, updateEntry } from "../src/domain/entries/index.ts";
import {
  followRemote,
  followState,
  remoteActorId,
  remotePostsBy,
  unfollowRemote,
} from "../src/domain/federation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { federationContext } from "../src/federation/federation.ts";
import { lookupAccount } from "../src/federation/outgoing.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

const AP = "application/activity+json";

describe("federation between two Outloud instances on loopback", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let bClockAhead = 0;
  /** Bob as Alice's server knows him. */
  let bobOnA: string;

  const postsOfBobOnA = () => remotePostsBy(a.runtime.ctx, bobOnA);
  const uriOf = (id: string) => `${b.origin}/@bob/${id}`;
  const rows = async (instance: Instance, query: string) =>
    instance.runtime.database.sql.unsafe<Record<string, unknown>[]>(query);

  before(async () => {
    // B's clock can move forward, for scheduled entries.
    [a, b] = await Promise.all([
      startInstance(),
      startInstance({ now: () => new Date(Date.now() + bClockAhead) }),
    ]);
    alice = await makeMember(a.runtime.ctx, "alice");
    bob = await makeMember(b.runtime.ctx, "bob");
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("finds B's member from A by WebFinger", async () => {
    const found = await lookupAccount(federationContext(a.runtime.ctx), `@bob@${b.host}`);
    assert.equal(found?.id?.href, `${b.origin}/@bob`);
    assert.equal(await lookupAccount(federationContext(a.runtime.ctx), `@nobody@${b.host}`), null);
  });

  it("follows across servers: Follow, auto-Accept, accepted on both sides", async () => {
    await followRemote(a.runtime.ctx, alice, `@bob@${b.host}`);
    await settle(a, b);
    const bobId = await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`);
    assert.ok(bobId, "A keeps Bob as a remote actor");
    bobOnA = bobId;
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), "accepted");
    const aliceOnB = await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`);
    assert.ok(aliceOnB, "B keeps Alice as a remote actor");
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), "accepted");
    // Remote actors are actors with a host, never accounts.
    const [remote] = await rows(
      b,
      `select host, inbox_url, (select count(*)::int from users u where u.actor_id = a.id) as users
       from actors a where uri = '${a.origin}/@alice'`,
    );
    assert.equal(remote?.host, a.host);
    assert.equal(remote?.inbox_url, `${a.origin}/@alice/inbox`);
    assert.equal(remote?.users, 0);
    const followers = await b.runtime.app.request(`${b.origin}/@bob/followers`, {
      headers: { accept: AP },
    });
    assert.equal(((await followers.json()) as { totalItems: number }).totalItems, 1);
  });

  it("delivers a public entry, its edit and its deletion", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Shipping the **first** draft #federation",
      audience: "public",
    });
    await settle(a, b);
    let [post] = await postsOfBobOnA();
    assert.equal(post?.uri, uriOf(entry.id));
    assert.equal(post?.audience, "public");
    assert.match(post?.contentHtml ?? "", /<strong>first<\/strong>/);

    await updateEntry(b.runtime.ctx, bob, {
      id: entry.id,
      kind: "note",
      body: "Shipping the **second** draft",
      audience: "public",
    });
    await settle(a, b);
    [post] = await postsOfBobOnA();
    assert.match(post?.contentHtml ?? "", /second/);
    assert.doesNotMatch(post?.contentHtml ?? "", /first/);

    await deleteEntry(b.runtime.ctx, bob, { id: entry.id });
    await settle(a, b);
    assert.equal((await postsOfBobOnA()).length, 0);
    const gone = await fetch(uriOf(entry.id), { headers: { accept: AP } });
    assert.equal(gone.status, 410);
  });

  it("delivers an entry when the schedule publishes it", async () => {
    const at = new Date(Date.now() + 2 * 3_600_000);
    const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Scheduled for later",
      audience: "public",
      action: "schedule",
      scheduledAt: local.toISOString().slice(0, 16),
    });
    assert.equal(entry.status, "scheduled");
    await settle(a, b);
    assert.equal((await postsOfBobOnA()).length, 0, "nothing goes out before its time");
    bClockAhead = 3 * 3_600_000;
    await rows(
      b,
      `update jobs set run_at = now() where kind = 'publish-entry' and state = 'pending'`,
    );
    await settle(a, b);
    const posts = await postsOfBobOnA();
    assert.equal(posts[0]?.uri, uriOf(entry.id));
    await deleteEntry(b.runtime.ctx, bob, { id: entry.id });
    await settle(a, b);
    bClockAhead = 0;
    assert.equal((await postsOfBobOnA()).length, 0);
  });

  it("delivers a followers-only entry to the follower and hides it from everyone else", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Only for my followers",
      audience: "followers",
    });
    await settle(a, b);
    const posts = await postsOfBobOnA();
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.audience, "followers");
    // An unsigned fetch is an anonymous visitor.
    const unsigned = await fetch(uriOf(entry.id), { headers: { accept: AP } });
    assert.equal(unsigned.status, 404);
    // A fetch signed by Alice, an accepted follower, sees it.
    const fed = federationContext(a.runtime.ctx);
    const documentLoader = await fed.getDocumentLoader({ identifier: "alice" });
    const signed = await fed.lookupObject(uriOf(entry.id), { documentLoader });
    assert.equal(signed?.id?.href, uriOf(entry.id));
    // Made private, it is deleted on the follower's side.
    await updateEntry(b.runtime.ctx, bob, {
      id: entry.id,
      kind: "note",
      body: "Only for my followers",
      audience: "private",
    });
    await settle(a, b);
    assert.equal((await postsOfBobOnA()).length, 0);
  });

  it("never delivers a private entry", async () => {
    const before = await rows(b, `select count(*)::int as n from jobs`);
    await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Mine alone",
      audience: "private",
    });
    const afterCreate = await rows(b, `select count(*)::int as n from jobs`);
    assert.equal(afterCreate[0]?.n, before[0]?.n, "no delivery job was queued");
    await settle(a, b);
    assert.equal((await postsOfBobOnA()).length, 0);
  });

  it("unfollows: Undo(Follow) removes the follow on both sides", async () => {
    await unfollowRemote(a.runtime.ctx, alice, bobOnA);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), null);
    await settle(a, b);
    const aliceOnB = await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`);
    assert.ok(aliceOnB);
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), null);
    // No follower left: a new entry is not sent anywhere.
    await createEntry(b.runtime.ctx, bob, { kind: "note", body: "Anyone?", audience: "public" });
    await settle(a, b);
    assert.equal((await postsOfBobOnA()).length, 0);
  });

  it("refuses a Create whose object comes from another origin than its actor", async () => {
    await followRemote(b.runtime.ctx, bob, `@alice@${a.host}`);
    await settle(a, b);
    const aliceOnB = await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`);
    assert.ok(aliceOnB);
    assert.equal(await followState(b.runtime.ctx, bob.actorId, aliceOnB), "accepted");
    const fed = federationContext(a.runtime.ctx);
    const bobActor = await lookupAccount(fed, `${b.origin}/@bob`);
    assert.ok(bobActor && "inboxId" in bobActor);
    const actor = fed.getActorUri("alice");
    await fed.sendActivity(
      { identifier: "alice" },
      bobActor as never,
      new Create({
        id: new URL("#forged-create", actor),
        actor,
        tos: [PUBLIC_COLLECTION],
        object: new Note({
          id: new URL("http://127.0.0.1:9/notes/forged"),
          attribution: actor,
          content: "Not really from here",
          tos: [PUBLIC_COLLECTION],
        }),
      }),
    );
    await settle(a, b);
    assert.equal((await remotePostsBy(b.runtime.ctx, aliceOnB)).length, 0);
    // The same road carries a genuine entry of Alice's to Bob.
    const entry = await createEntry(a.runtime.ctx, alice, { kind: "note", body: "Hello, Bob" });
    await settle(a, b);
    const [post] = await remotePostsBy(b.runtime.ctx, aliceOnB);
    assert.equal(post?.uri, `${a.origin}/@alice/${entry.id}`);
  });

  // Last: a 413 closes the connection mid-upload, which a pooled socket of this process may share.
  it("rejects unsigned and forged inbox posts, and oversized bodies, without a 500", async () => {
    const follow = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${a.origin}/@alice#forged`,
      type: "Follow",
      actor: `${a.origin}/@alice`,
      object: `${b.origin}/@bob`,
    };
    const unsigned = await fetch(`${b.origin}/@bob/inbox`, {
      method: "POST",
      headers: { "content-type": AP },
      body: JSON.stringify(follow),
    });
    assert.ok([401, 403].includes(unsigned.status), `unsigned: ${unsigned.status}`);
    const forged = await fetch(`${b.origin}/inbox`, {
      method: "POST",
      headers: {
        "content-type": AP,
        date: new Date().toUTCString(),
        signature: `keyId="${a.origin}/@alice#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="AAAA"`,
      },
      body: JSON.stringify(follow),
    });
    assert.ok([401, 403].includes(forged.status), `forged: ${forged.status}`);
    const huge = await fetch(`${b.origin}/inbox`, {
      method: "POST",
      headers: { "content-type": AP },
      body: JSON.stringify({ ...follow, padding: "x".repeat(2 * 1024 * 1024) }),
    });
    assert.equal(huge.status, 413);
  });
});
