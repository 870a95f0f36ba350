import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Hashtag, isActor } from "@fedify/fedify/vocab";
import { createEntry } from "../src/domain/entries/index.ts";
import { followRemote, followState, remoteActorId } from "../src/domain/federation/index.ts";
import { approveFollowRequest, rejectFollowRequest } from "../src/domain/moderation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { federationContext } from "../src/federation/federation.ts";
import { lookupAccount } from "../src/federation/outgoing.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { arrivedOnce, type Json, sqlRows } from "./helpers/federation-arrivals.ts";

const list = (value: unknown) => (Array.isArray(value) ? value : value == null ? [] : [value]);

/**
 * Locked accounts across servers (manual approval, Accept and Reject sent by
 * the approving side), the `Person` properties that go with them, and the
 * object properties of an entry that replies to someone elsewhere.
 */
describe("locked accounts, actor and entry properties across two instances", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let dave: CurrentUser;
  let aliceOnB: string;
  let bobOnA: string;

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    bob = await makeMember(b.runtime.ctx, "bob");
    dave = await makeMember(b.runtime.ctx, "dave");
    for (const update of [
      "manually_approves_followers = true where host is null",
      "header_key = 'header-bob.webp', also_known_as = '{https://old.example/@bob}' where handle = 'bob'",
      "featured_tags = '{Ceramics}' where handle = 'dave'",
    ]) {
      await sqlRows(b, `update actors set ${update}`);
    }
    for (const tags of ["pottery, glaze", "pottery", "kilns"]) {
      await createEntry(b.runtime.ctx, bob, { kind: "note", body: "At the wheel", tags });
    }
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("publishes a locked member with featured tags, a header and aliases", async () => {
    const fed = federationContext(a.runtime.ctx);
    const person = await lookupAccount(fed, `@bob@${b.host}`);
    assert.ok(isActor(person));
    assert.equal(person.manuallyApprovesFollowers, true);
    const header = await person.getImage();
    assert.equal(String(header?.url), `${b.origin}/media/avatars/header-bob.webp`);
    assert.deepEqual(
      person.aliasIds.map((u) => u.href),
      ["https://old.example/@bob"],
    );
    const names = async (actor: typeof person) => {
      const collection = await actor.getFeaturedTags();
      const out: string[] = [];
      for await (const item of collection?.getItems() ?? []) {
        if (item instanceof Hashtag) out.push(String(item.name));
      }
      return out;
    };
    // Bob chose none: his most used tags, most used first.
    assert.deepEqual(await names(person), ["#pottery", "#glaze", "#kilns"]);
    const davePerson = await lookupAccount(fed, `@dave@${b.host}`);
    assert.ok(isActor(davePerson));
    assert.deepEqual(await names(davePerson), ["#Ceramics"]);
  });

  it("keeps a follow of a locked member pending on both sides until approved; Accept reaches A", async () => {
    await followRemote(a.runtime.ctx, alice, `@bob@${b.host}`);
    await settle(a, b);
    bobOnA = (await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`)) ?? "";
    aliceOnB = (await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`)) ?? "";
    assert.ok(bobOnA && aliceOnB);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), "pending");
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), "pending");

    await approveFollowRequest(b.runtime.ctx, bob, aliceOnB);
    const accept = await arrivedOnce(b, a, "Accept");
    const follow = accept.object as Json;
    assert.equal(accept.actor, `${b.origin}/@bob`);
    assert.equal(follow.id, `${a.origin}/@alice#follows/${bobOnA}`, "the Follow A sent");
    assert.equal(follow.actor, `${a.origin}/@alice`);
    await settle(a, b);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), "accepted");
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), "accepted");
  });

  it("refuses a follow request: Reject reaches A and the request ends on both sides", async () => {
    await followRemote(a.runtime.ctx, alice, `@dave@${b.host}`);
    await settle(a, b);
    const daveOnA = (await remoteActorId(a.runtime.ctx, `${b.origin}/@dave`)) ?? "";
    assert.equal(await followState(a.runtime.ctx, alice.actorId, daveOnA), "pending");
    await rejectFollowRequest(b.runtime.ctx, dave, aliceOnB);
    const reject = await arrivedOnce(b, a, "Reject");
    assert.equal((reject.object as Json).id, `${a.origin}/@alice#follows/${daveOnA}`);
    await settle(a, b);
    assert.equal(await followState(a.runtime.ctx, alice.actorId, daveOnA), null);
    assert.equal(await followState(b.runtime.ctx, aliceOnB, dave.actorId), null);
  });

  it("delivers a reply to its author even when no one there follows the writer", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, { kind: "note", body: "Glaze test" });
    await settle(a, b);
    const [post] = await sqlRows(a, `select id from remote_posts where uri like '%${entry.id}'`);
    assert.ok(post, "A keeps Bob's entry (Alice follows him)");
    const [followers] = await sqlRows(
      a,
      `select count(*)::int as n from follows f join actors x on x.id = f.follower_id
       where f.followed_id = '${alice.actorId}' and x.host is not null`,
    );
    assert.equal(followers?.n, 0, "nobody on B follows Alice");
    const reply = await createEntry(a.runtime.ctx, alice, {
      kind: "note",
      body: "The *blue* one?",
      contentWarning: "pottery talk",
      language: "fr",
      prompt: "learning",
      audience: "unlisted",
      inReplyToId: String(post.id),
    });
    const create = await arrivedOnce(a, b, "Create");
    const note = create.object as Json;
    assert.equal(note.id, `${a.origin}/@alice/${reply.id}`);
    assert.equal(note.sensitive, true);
    assert.equal(note.summary, "pottery talk");
    assert.equal((note.contentMap as Json).fr, note.content);
    assert.deepEqual(list(note.to), [`${a.origin}/@alice/followers`]);
    assert.ok(list(note.cc).includes("https://www.w3.org/ns/activitystreams#Public"));
    const tags = list(note.tag) as Json[];
    assert.ok(
      tags.some((t) => t.name === "#Learning"),
      "the prompt as a hashtag",
    );
    assert.ok(!tags.some((t) => t.name === "#question"), "not a question");
    await settle(a, b);
    const [linked] = await sqlRows(
      b,
      `select in_reply_to_entry_id from remote_posts where uri = '${note.id}'`,
    );
    assert.equal(linked?.in_reply_to_entry_id, entry.id);
  });
});
