import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateCryptoKeyPair } from "@fedify/fedify";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { AS_CONTEXT, deliver, type FakeActor, FakeRemote, PUBLIC } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

// Both inboxes: a member's goes through Fedify's handler, the shared one
// through our fast path (src/federation/inbox/fast-inbox.ts) first.
for (const which of ["personal", "shared"] as const)
  describe(`inbox security (${which} inbox): signatures, origins, replays and sizes`, () => {
    let b: Instance;
    let remote: FakeRemote;
    let other: FakeRemote;
    let bob: CurrentUser;
    let mallory: FakeActor;
    let eve: FakeActor;
    let carol: FakeActor;
    let entryUri: string;
    let entryId: string;
    let sequence = 0;

    const count = async (query: string) => {
      const [row] = await b.runtime.database.sql.unsafe<{ n: number }[]>(query);
      return row?.n ?? 0;
    };
    const likesOfEntry = () =>
      count(`select count(*)::int as n from likes where entry_id = '${entryId}'`);
    const likeNotifications = () =>
      count(`select count(*)::int as n from notifications where type = 'like'
      and recipient_id = '${bob.actorId}'`);
    const like = (actor: FakeActor) => ({
      "@context": AS_CONTEXT,
      id: `${actor.id}/likes/${++sequence}`,
      type: "Like",
      actor: actor.id,
      object: entryUri,
    });
    const inbox = () => (which === "shared" ? `${b.origin}/inbox` : `${b.origin}/@bob/inbox`);
    const otherInbox = () => (which === "shared" ? `${b.origin}/@bob/inbox` : `${b.origin}/inbox`);

    before(async () => {
      [b, remote, other] = await Promise.all([
        startInstance(),
        FakeRemote.start(),
        FakeRemote.start(),
      ]);
      bob = await makeMember(b.runtime.ctx, "bob");
      [mallory, eve, carol] = await Promise.all([
        remote.actor("mallory"),
        remote.actor("eve"),
        other.actor("carol"),
      ]);
      const entry = await createEntry(b.runtime.ctx, bob, {
        kind: "note",
        body: "Open to comments",
        audience: "public",
      });
      entryId = entry.id;
      entryUri = `${b.origin}/@bob/${entry.id}`;
    });
    after(async () => {
      await Promise.all([b?.close(), remote?.close(), other?.close()]);
    });

    it("accepts a correctly signed Like and counts it once", async () => {
      const sent = await remote.send(mallory, inbox(), like(mallory));
      assert.equal(sent.status, 202, sent.text);
      await settle(b);
      assert.equal(await likesOfEntry(), 1);
      assert.equal(await likeNotifications(), 1);
    });

    it("refuses an unsigned post and a forged signature with 401", async () => {
      const unsigned = await fetch(inbox(), {
        method: "POST",
        headers: { "content-type": "application/activity+json" },
        body: JSON.stringify(like(eve)),
      });
      assert.equal(unsigned.status, 401);
      // Signed with a key that is not the one eve publishes under that key id.
      const stranger = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
      const forged = await remote.send(eve, inbox(), like(eve), {
        signAs: { ...eve, privateKey: stranger.privateKey },
      });
      assert.equal(forged.status, 401);
      await settle(b);
      assert.equal(await likesOfEntry(), 1, "nothing new was counted");
    });

    it("refuses a signature whose Date is hours old", async () => {
      const stale = await remote.send(eve, inbox(), like(eve), {
        date: new Date(Date.now() - 3 * 3_600_000),
      });
      assert.equal(stale.status, 401);
      const future = await remote.send(eve, inbox(), like(eve), {
        date: new Date(Date.now() + 3 * 3_600_000),
      });
      assert.equal(future.status, 401);
      await settle(b);
      assert.equal(await likesOfEntry(), 1);
    });

    it("refuses a body that does not match the signed Digest", async () => {
      const signedFor = like(eve);
      const swapped = JSON.stringify({ ...signedFor, id: `${signedFor.id}-swapped` });
      const sent = await remote.send(eve, inbox(), signedFor, { replaceBody: swapped });
      assert.equal(sent.status, 401);
      await settle(b);
      assert.equal(await likesOfEntry(), 1);
    });

    it("does not process an activity signed with the key of another actor", async () => {
      // Eve signs (validly, with her own key) an activity that claims to be Mallory's second like… of Eve's.
      const sent = await remote.send(mallory, inbox(), like(mallory), { signAs: eve });
      assert.equal(sent.status, 401);
      const asEve = await remote.send(
        eve,
        inbox(),
        { ...like(mallory), actor: mallory.id },
        {
          signAs: eve,
        },
      );
      assert.equal(asEve.status, 401);
      await settle(b);
      assert.equal(await likesOfEntry(), 1);
      assert.equal(
        await count(`select count(*)::int as n from likes l join actors a on a.id = l.actor_id
        where a.uri = '${eve.id}'`),
        0,
      );
    });

    it("ignores a Delete of a post from another origin or by another actor", async () => {
      const noteId = `${carol.id}/notes/1`;
      const reply = {
        "@context": AS_CONTEXT,
        id: `${noteId}/activity`,
        type: "Create",
        actor: carol.id,
        to: [PUBLIC],
        object: {
          id: noteId,
          type: "Note",
          attributedTo: carol.id,
          content: "<p>A thoughtful reply</p>",
          inReplyTo: entryUri,
          to: [PUBLIC],
        },
      };
      assert.equal((await other.send(carol, inbox(), reply)).status, 202);
      await settle(b);
      const kept = () =>
        count(`select count(*)::int as n from remote_posts where uri = '${noteId}'`);
      assert.equal(await kept(), 1, "the reply is kept");
      const crossOrigin = await remote.send(mallory, inbox(), {
        "@context": AS_CONTEXT,
        id: `${mallory.id}/deletes/1`,
        type: "Delete",
        actor: mallory.id,
        to: [PUBLIC],
        object: noteId,
      });
      assert.equal(crossOrigin.status, 202);
      await settle(b);
      assert.equal(await kept(), 1, "a Delete from another origin changes nothing");
      // Same origin, another actor: still not theirs.
      const dave = await other.actor("dave");
      await other.send(dave, inbox(), {
        "@context": AS_CONTEXT,
        id: `${dave.id}/deletes/1`,
        type: "Delete",
        actor: dave.id,
        to: [PUBLIC],
        object: noteId,
      });
      await settle(b);
      assert.equal(await kept(), 1, "a Delete by another actor changes nothing");
      // The author's own Delete works.
      await other.send(carol, inbox(), {
        "@context": AS_CONTEXT,
        id: `${carol.id}/deletes/1`,
        type: "Delete",
        actor: carol.id,
        to: [PUBLIC],
        object: { id: noteId, type: "Tombstone" },
      });
      await settle(b);
      assert.equal(await kept(), 0);
    });

    it("processes a replayed activity once", async () => {
      const before = await likesOfEntry();
      const post = await remote.sign(eve, inbox(), like(eve));
      // Twice before processing, and once more after.
      assert.equal((await deliver(post)).status, 202);
      assert.equal((await deliver(post)).status, 202);
      await settle(b);
      assert.equal((await deliver(post)).status, 202);
      await settle(b);
      assert.equal(await likesOfEntry(), before + 1);
      assert.equal(await likeNotifications(), 2, "Mallory's and Eve's likes, one each");
      // The same signed request sent to the other inbox is refused: its signature names this one.
      assert.equal((await deliver({ ...post, url: otherInbox() })).status, 401);
      await settle(b);
      assert.equal(await likesOfEntry(), before + 1);
    });

    it("forgets a deleted account whose server answers 410 Gone, and only then", async () => {
      const ghost = await remote.actor("ghost");
      const noteId = `${ghost.id}/notes/1`;
      await remote.send(ghost, inbox(), {
        "@context": AS_CONTEXT,
        id: `${noteId}/activity`,
        type: "Create",
        actor: ghost.id,
        to: [PUBLIC],
        object: {
          id: noteId,
          type: "Note",
          attributedTo: ghost.id,
          inReplyTo: entryUri,
          to: [PUBLIC],
        },
      });
      await settle(b);
      const kept = () =>
        count(`select count(*)::int as n from remote_posts where uri = '${noteId}'`);
      assert.equal(await kept(), 1);
      const deleteSelf = (actor: FakeActor) => ({
        "@context": AS_CONTEXT,
        id: `${actor.id}#delete`,
        type: "Delete",
        actor: actor.id,
        to: [PUBLIC],
        object: actor.id,
      });
      // A key URL that answers 410 is not enough: Mallory's account is still there.
      remote.gone(`${remote.origin}/keys/gone`);
      const spoofed = await remote.send(mallory, inbox(), deleteSelf(mallory), {
        signAs: { ...mallory, keyId: `${remote.origin}/keys/gone` },
      });
      assert.equal(spoofed.status, 401, spoofed.text);
      // Ghost's account is deleted: its key (not cached any more) and document answer 410.
      remote.gone(ghost.id);
      await b.runtime.database.sql.unsafe(
        `delete from federation_kv where array_to_string(key, ' ') like '%ghost%'`,
      );
      const gone = await remote.send(ghost, inbox(), deleteSelf(ghost));
      assert.equal(gone.status, 202, gone.text);
      await settle(b);
      assert.equal(await kept(), 0);
      assert.equal(
        await count(`select count(*)::int as n from likes l join actors a on a.id = l.actor_id
        where a.uri = '${mallory.id}'`),
        1,
        "Mallory's like stays",
      );
    });

    // Last: a 413 may close the connection mid-upload.
    it("answers 413 to a signed body over the limit, before processing", async () => {
      const huge = { ...like(eve), padding: "x".repeat(2 * 1024 * 1024) };
      const sent = await remote.send(eve, inbox(), huge).catch(() => ({ status: 413, text: "" }));
      assert.equal(sent.status, 413);
      await settle(b);
      assert.equal(await count(`select count(*)::int as n from likes where uri = '${huge.id}'`), 0);
    });
  });
