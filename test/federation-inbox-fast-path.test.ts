import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generateCryptoKeyPair } from "@fedify/fedify";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { SIGNED_BY } from "../src/federation/inbox/signer-scope.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { AS_CONTEXT, type FakeActor, FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

// The shared inbox's fast path (src/federation/inbox/fast-inbox.ts). The
// attacks on signatures, dates, digests, key owners and replays run against
// both inboxes in federation-inbox-security.test.ts; these are its own.
describe("the shared inbox's fast path", () => {
  let b: Instance;
  let remote: FakeRemote;
  let bob: CurrentUser;
  let mallory: FakeActor;
  let eve: FakeActor;
  let carol: FakeActor;
  let entryUri: string;
  let entryId: string;
  let sequence = 0;

  const sql = () => b.runtime.database.sql;
  const sharedInbox = () => `${b.origin}/inbox`;
  const like = (actor: FakeActor, extra: Record<string, unknown> = {}) => ({
    "@context": AS_CONTEXT,
    id: `${actor.id}/likes/fast-${++sequence}`,
    type: "Like",
    actor: actor.id,
    object: entryUri,
    ...extra,
  });
  /** Queued received activities, and the signer each carries (null when Fedify queued it). */
  const queuedInbox = async () => [
    ...(await sql()<{ id: string; signer: string | null }[]>`
      select payload->'activity'->>'id' as id, payload->>${SIGNED_BY} as signer from jobs
      where kind = 'federation-message' and payload->>'type' = 'inbox' and state = 'pending'
      order by created_at`),
  ];
  const likesBy = async (actor: FakeActor) => {
    const [row] = await sql()<{ n: number }[]>`select count(*)::int as n from likes l
      join actors a on a.id = l.actor_id where l.entry_id = ${entryId} and a.uri = ${actor.id}`;
    return row?.n ?? 0;
  };

  before(async () => {
    [b, remote] = await Promise.all([startInstance(), FakeRemote.start()]);
    bob = await makeMember(b.runtime.ctx, "bob");
    [mallory, eve, carol] = await Promise.all([
      remote.actor("mallory"),
      remote.actor("eve"),
      remote.actor("carol"),
    ]);
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Open to likes",
      audience: "public",
    });
    entryId = entry.id;
    entryUri = `${b.origin}/@bob/${entry.id}`;
  });
  after(async () => {
    await Promise.all([b?.close(), remote?.close()]);
  });

  it("queues a signed activity as it came, naming the key's owner, and a worker stores it", async () => {
    const activity = like(mallory);
    const sent = await remote.send(mallory, sharedInbox(), activity);
    assert.equal(sent.status, 202, sent.text);
    assert.deepEqual(await queuedInbox(), [{ id: activity.id, signer: mallory.id }]);
    await settle(b);
    assert.equal(await likesBy(mallory), 1);
  });

  it("drops an activity whose JSON-LD actor is not the one who signed it", async () => {
    // Eve signs with her own key an activity whose plain `actor` is hers, but whose
    // context renames the terms so that, as JSON-LD, its actor is Carol.
    const disguised = like(eve, {
      "@context": [
        "https://www.w3.org/ns/activitystreams",
        {
          actor: "https://attacker.example/ns#notTheActor",
          by: { "@id": "https://www.w3.org/ns/activitystreams#actor", "@type": "@id" },
        },
      ],
      by: carol.id,
    });
    const sent = await remote.send(eve, sharedInbox(), disguised);
    assert.equal(sent.status, 202, "the web process only saw Eve's valid signature");
    assert.deepEqual(await queuedInbox(), [{ id: disguised.id, signer: eve.id }]);
    await settle(b);
    assert.equal(await likesBy(carol), 0, "no like in Carol's name");
    assert.equal(await likesBy(eve), 0);
  });

  it("fetches a key again when it stops verifying, but not for every forged POST", async () => {
    const stranger = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const keyFetches = () =>
      remote.requests.filter((r) => r.method === "GET" && r.url.startsWith(mallory.id)).length;
    const before = keyFetches();
    const keyRowVersion = async () => {
      const [row] = await sql()<{ version: string }[]>`select xmin::text as version
        from federation_kv where key = ${sql().array(["outloud", "inboxKey", mallory.keyId])}`;
      return row?.version;
    };
    const version = await keyRowVersion();
    assert.ok(version, "Mallory's key is in the fast path's key cache");
    for (let i = 0; i < 5; i++) {
      const forged = await remote.send(mallory, sharedInbox(), like(mallory), {
        signAs: { ...mallory, privateKey: stranger.privateKey },
      });
      assert.equal(forged.status, 401, forged.text);
    }
    // One fresh fetch when the cached key first fails, and at most one more by
    // Fedify's handler through its document cache; not one per POST.
    const fetched = keyFetches() - before;
    assert.ok(fetched >= 1 && fetched <= 2, `${fetched} fetches of Mallory's key`);
    assert.equal(await keyRowVersion(), version, "the same key is not written again");
  });

  it("leaves to Fedify what it does not handle, which answers as before", async () => {
    // A member's own inbox: Fedify's handler queues it, with no signer of ours.
    const personal = like(eve);
    assert.equal((await remote.send(eve, `${b.origin}/@bob/inbox`, personal)).status, 202);
    // Not an activity we listen for: Fedify parses it and refuses it.
    const note = {
      "@context": AS_CONTEXT,
      id: `${eve.id}/notes/fast-1`,
      type: "Note",
      attributedTo: eve.id,
      content: "<p>Not an activity</p>",
    };
    const refused = await remote.send(eve, sharedInbox(), note);
    assert.equal(refused.status, 400, refused.text);
    // An actor given as a list: not the plain shape, so Fedify decides (and accepts it).
    const listed = like(eve, { actor: [eve.id] });
    assert.equal((await remote.send(eve, sharedInbox(), listed)).status, 202);
    // No JSON-LD context: Fedify answers, as it did before there was a fast path.
    const { "@context": _, ...bare } = like(eve);
    const bareSent = await remote.send(eve, sharedInbox(), bare);
    assert.equal(bareSent.status, 400, bareSent.text);
    const queued = await queuedInbox();
    assert.deepEqual(
      queued.map((job) => job.signer),
      [null, null],
      JSON.stringify(queued),
    );
    await settle(b);
    assert.equal(await likesBy(eve), 1, "the two likes of the same entry by Eve count once");
  });
});
