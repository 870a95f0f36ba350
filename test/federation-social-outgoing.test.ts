import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry, deleteEntry } from "../src/domain/entries/index.ts";
import {
  followRemote,
  followState,
  remoteActorId,
  remotePostsBy,
} from "../src/domain/federation/index.ts";
import { likePost, sharePost, unlikePost, unsharePost } from "../src/domain/interactions/index.ts";
import { blockActor, unblockActor } from "../src/domain/moderation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { federationContext } from "../src/federation/federation.ts";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { arrivedOnce, type Json, sqlRows } from "./helpers/federation-arrivals.ts";

const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const AP = "application/activity+json";
/** An ActivityPub document fetched unsigned, or null when it does not answer 200. */
async function fetchJson(url: string): Promise<Json | null> {
  const response = await fetch(url, { headers: { accept: AP } });
  return response.ok ? ((await response.json()) as Json) : null;
}
const list = (value: unknown) => (Array.isArray(value) ? value : value == null ? [] : [value]);

/**
 * A member of instance A replies, likes, shares, blocks and writes directly
 * to members of instance B. Each step is asserted twice: the activity as it
 * arrived in B's inbox (what this side sends), then what B made of it.
 */
describe("social activities sent from one Outloud instance to another", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let bobOnA: string;
  let aliceOnB: string;
  let bobEntry: string;
  let bobPostOnA: string;

  /** How many likes or shares by Alice of Bob's entry B keeps. */
  const alicesOnBobEntry = async (table: "likes" | "shares") => {
    const [row] = await sqlRows(
      b,
      `select count(*)::int as n from ${table} where entry_id = '${bobEntry}'
       and actor_id = '${aliceOnB}'`,
    );
    return row?.n;
  };

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    bob = await makeMember(b.runtime.ctx, "bob");
    carol = await makeMember(b.runtime.ctx, "carol");
    // Alice follows Bob (his posts reach A); Bob and Carol follow Alice.
    await followRemote(a.runtime.ctx, alice, `@bob@${b.host}`);
    await followRemote(b.runtime.ctx, bob, `@alice@${a.host}`);
    await followRemote(b.runtime.ctx, carol, `@alice@${a.host}`);
    await settle(a, b);
    bobOnA = (await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`)) ?? "";
    aliceOnB = (await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`)) ?? "";
    assert.ok(bobOnA && aliceOnB);
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "How do you plan a workshop?",
      audience: "public",
    });
    bobEntry = entry.id;
    await settle(a, b);
    const [post] = await remotePostsBy(a.runtime.ctx, bobOnA);
    assert.equal(post?.uri, `${b.origin}/@bob/${bobEntry}`);
    bobPostOnA = post.id;
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("sends a reply with inReplyTo, a Mention of the author and cc to them; B links it", async () => {
    const reply = await createEntry(a.runtime.ctx, alice, {
      kind: "note",
      body: "Start from the questions people bring",
      audience: "public",
      language: "de",
      inReplyToId: bobPostOnA,
      isQuestion: true,
    });
    const create = await arrivedOnce(a, b, "Create");
    const note = create.object as Json;
    assert.equal(note.id, `${a.origin}/@alice/${reply.id}`);
    assert.equal(note.inReplyTo, `${b.origin}/@bob/${bobEntry}`);
    assert.deepEqual(list(note.to), [PUBLIC]);
    assert.ok(list(note.cc).includes(`${b.origin}/@bob`), "the replied-to author is in cc");
    assert.deepEqual((note.contentMap as Json).de, note.content);
    const tags = list(note.tag) as Json[];
    assert.ok(tags.some((t) => t.type === "Hashtag" && t.name === "#question"));
    assert.ok(tags.some((t) => t.type === "Mention" && t.href === `${b.origin}/@bob`));
    await settle(a, b);
    const [linked] = await sqlRows(
      b,
      `select in_reply_to_entry_id, is_question from remote_posts where uri = '${note.id}'`,
    );
    assert.equal(linked?.in_reply_to_entry_id, bobEntry);
    assert.equal(linked?.is_question, true);
  });

  it("likes and unlikes: Like, then Undo(Like) with the same id; B's like row comes and goes", async () => {
    await likePost(a.runtime.ctx, alice, bobPostOnA);
    const like = await arrivedOnce(a, b, "Like");
    assert.equal(like.actor, `${a.origin}/@alice`);
    assert.equal(like.object, `${b.origin}/@bob/${bobEntry}`);
    assert.match(String(like.id), new RegExp(`^${a.origin}/activities/like/`));
    // Its id answers with the Like, unsigned (Bob's entry is public).
    assert.equal((await fetchJson(String(like.id)))?.type, "Like");
    await settle(a, b);
    assert.equal(await alicesOnBobEntry("likes"), 1);

    await unlikePost(a.runtime.ctx, alice, bobPostOnA);
    const undo = await arrivedOnce(a, b, "Undo");
    assert.equal((undo.object as Json).id, like.id);
    assert.equal((undo.object as Json).type, "Like");
    assert.equal(await fetchJson(String(like.id)), null, "gone with the like");
    await settle(a, b);
    assert.equal(await alicesOnBobEntry("likes"), 0);
  });

  it("shares and unshares: Announce to followers and the author; B records the share", async () => {
    await sharePost(a.runtime.ctx, alice, bobPostOnA, { audience: "public" });
    // Bob and Carol (followers) and Bob (the author) share B's inbox: one delivery reaches all.
    const announce = await arrivedOnce(a, b, "Announce");
    assert.equal(announce.object, `${b.origin}/@bob/${bobEntry}`);
    assert.deepEqual(list(announce.to), [PUBLIC]);
    assert.ok(list(announce.cc).includes(`${a.origin}/@alice/followers`));
    assert.ok(list(announce.cc).includes(`${b.origin}/@bob`));
    assert.equal((await fetchJson(String(announce.id)))?.object, announce.object);
    await settle(a, b);
    assert.equal(await alicesOnBobEntry("shares"), 1);

    await unsharePost(a.runtime.ctx, alice, bobPostOnA);
    const undo = await arrivedOnce(a, b, "Undo");
    assert.equal((undo.object as Json).id, announce.id);
    await settle(a, b);
    assert.equal(await alicesOnBobEntry("shares"), 0);
  });

  it("sends a direct entry, and its deletion, only to the member it addresses", async () => {
    // A direct reply addresses the author it answers (`@bob@127.0.0.1:port` is no mention:
    // the port is not part of a mention's host).
    const entry = await createEntry(a.runtime.ctx, alice, {
      kind: "note",
      body: "Just between us",
      audience: "direct",
      inReplyToId: bobPostOnA,
    });
    const create = await arrivedOnce(a, b, "Create");
    const note = create.object as Json;
    assert.deepEqual(list(note.to), [`${b.origin}/@bob`]);
    assert.deepEqual(list(note.cc), []);
    assert.ok(!JSON.stringify(create).includes(PUBLIC), "never Public");
    assert.ok(!JSON.stringify(create).includes("/followers"), "never the followers");
    await settle(a, b);
    const recipients = await sqlRows(
      b,
      `select a.handle, p.audience from remote_post_recipients r
       join remote_posts p on p.id = r.remote_post_id join actors a on a.id = r.actor_id
       where p.uri = '${note.id}'`,
    );
    assert.deepEqual(recipients, [{ handle: "bob", audience: "direct" }]);
    // On A: an unsigned fetch never gets it; Bob's signed fetch does, Carol's (a follower) does not.
    const uri = `${a.origin}/@alice/${entry.id}`;
    assert.equal((await fetch(uri, { headers: { accept: AP } })).status, 404);
    const fed = federationContext(b.runtime.ctx);
    const asBob = await fed.getDocumentLoader({ identifier: "bob" });
    const asCarol = await fed.getDocumentLoader({ identifier: "carol" });
    assert.equal((await fed.lookupObject(uri, { documentLoader: asBob }))?.id?.href, uri);
    assert.equal(await fed.lookupObject(uri, { documentLoader: asCarol }).catch(() => null), null);
    // Its deletion goes where it went, and only there.
    await deleteEntry(a.runtime.ctx, alice, { id: entry.id });
    const deletion = await arrivedOnce(a, b, "Delete");
    assert.deepEqual(list(deletion.to), [`${b.origin}/@bob`]);
    assert.ok(!JSON.stringify(deletion).includes(PUBLIC));
    await settle(a, b);
    const left = await sqlRows(b, `select 1 from remote_posts where uri = '${uri}'`);
    assert.equal(left.length, 0);
  });

  it("blocks and unblocks: Block, then Undo(Block); B keeps the block row meanwhile", async () => {
    const carolOnA = await lookupRemoteAccount(a.runtime.ctx, `@carol@${b.host}`);
    assert.ok(carolOnA);
    await blockActor(a.runtime.ctx, alice, carolOnA);
    const block = await arrivedOnce(a, b, "Block");
    assert.equal(block.object, `${b.origin}/@carol`);
    assert.match(String(block.id), new RegExp(`^${a.origin}/@alice#blocks/`));
    await settle(a, b);
    const blocksOnB = `select count(*)::int as n from blocks where actor_id = '${aliceOnB}'
      and target_id = '${carol.actorId}'`;
    assert.equal((await sqlRows(b, blocksOnB))[0]?.n, 1);
    // The block ended Carol's follow of Alice, on B too.
    assert.equal(await followState(b.runtime.ctx, carol.actorId, aliceOnB), null);

    await unblockActor(a.runtime.ctx, alice, carolOnA);
    const undo = await arrivedOnce(a, b, "Undo");
    assert.equal((undo.object as Json).type, "Block");
    await settle(a, b);
    assert.equal((await sqlRows(b, blocksOnB))[0]?.n, 0);
  });
});
