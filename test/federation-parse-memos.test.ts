import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { exportSpki, generateCryptoKeyPair } from "@fedify/fedify";
import { Activity, Create, CryptographicKey } from "@fedify/vocab";
import { createEntry } from "../src/domain/entries/index.ts";
import { installParseMemos, parsedKeyCount } from "../src/federation/parse-memos.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type FakeActor, FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { activity } from "./helpers/inbox-fixture.ts";

const keyJson = async (id: string) => {
  const { publicKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const key = new CryptographicKey({
    id: new URL(`${id}#main-key`),
    owner: new URL(id),
    publicKey,
  });
  return { json: await key.toJsonLd({ format: "compact" }), publicKey };
};

const createJson = (n: number) => ({
  "@context": "https://www.w3.org/ns/activitystreams",
  id: `https://remote.example/notes/${n}/activity`,
  type: "Create",
  actor: "https://remote.example/users/ann",
  object: { id: `https://remote.example/notes/${n}`, type: "Note", content: "Hello" },
});

describe("parse memos: a known key and a request's activity are parsed once", () => {
  before(() => installParseMemos());

  it("returns the same parsed key for the same document, and parses a rotated one afresh", async () => {
    const first = await keyJson("https://remote.example/users/ann");
    const a = await CryptographicKey.fromJsonLd(first.json);
    // A copy of the document (as read from the database each time) finds the same key.
    const b = await CryptographicKey.fromJsonLd(structuredClone(first.json));
    assert.equal(a, b);
    assert.deepEqual(await exportSpki(a.publicKey!), await exportSpki(first.publicKey));

    // Same key id, new key material: a different document, a different key.
    const rotated = await keyJson("https://remote.example/users/ann");
    const c = await CryptographicKey.fromJsonLd(rotated.json);
    assert.notEqual(c, a);
    assert.deepEqual(await exportSpki(c.publicKey!), await exportSpki(rotated.publicKey));
  });

  it("does not remember a document that fails to parse", async () => {
    const before = parsedKeyCount();
    const broken = {
      "@context": "https://w3id.org/security/v1",
      id: "https://remote.example/users/broken#main-key",
      type: "Key",
      owner: "https://remote.example/users/broken",
      publicKeyPem: "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n",
    };
    await assert.rejects(CryptographicKey.fromJsonLd(broken));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(parsedKeyCount(), before);
    await assert.rejects(CryptographicKey.fromJsonLd(broken));
  });

  it("parses one activity object once, and equal copies (other requests) each on their own", async () => {
    const json = createJson(1);
    const first = await Activity.fromJsonLd(json);
    assert.ok(first instanceof Create);
    assert.equal(await Activity.fromJsonLd(json), first);
    const copy = await Activity.fromJsonLd(structuredClone(json));
    assert.notEqual(copy, first);
    assert.equal(copy.id?.href, first.id?.href);
    // A subclass's own parser (which calls Activity's with itself as `this`) still works.
    const create = await Create.fromJsonLd(createJson(2));
    assert.equal(create.objectId?.href, "https://remote.example/notes/2");
  });
});

describe("parse memos over HTTP: a remote account rotates its key", () => {
  let b: Instance;
  let remote: FakeRemote;
  let entryUri: string;

  before(async () => {
    [b, remote] = await Promise.all([startInstance(), FakeRemote.start()]);
    const bob = await makeMember(b.runtime.ctx, "bob");
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Rotate away",
      audience: "public",
    });
    entryUri = `${b.origin}/@bob/${entry.id}`;
  });
  after(async () => {
    await Promise.all([b?.close(), remote?.close()]);
  });

  // A member's inbox goes through Fedify's handler and its key cache; the
  // shared inbox through our fast path and its own key cache (fast-inbox.ts).
  for (const [which, path, name] of [
    ["a member's inbox", "/@bob/inbox", "ann"],
    ["the shared inbox", "/inbox", "amy"],
  ] as const) {
    it(`accepts the new key once it is published and refuses the old one (${which})`, async () => {
      const inbox = `${b.origin}${path}`;
      const like = (actor: FakeActor) => activity(actor, "Like", entryUri);
      const old = await remote.actor(name);
      const first = await remote.send(old, inbox, like(old));
      assert.equal(first.status, 202, first.text);
      const again = await remote.send(old, inbox, like(old));
      assert.equal(again.status, 202, again.text);

      // The account publishes a new key under the same key id.
      const now = await remote.actor(name);
      const rotated = await remote.send(now, inbox, like(now));
      assert.equal(rotated.status, 202, rotated.text);
      const stale = await remote.send(old, inbox, like(old));
      assert.equal(stale.status, 401, stale.text);
      await settle(b);
      const [row] = await b.runtime.database.sql<{ n: number }[]>`
        select count(*)::int as n from likes l join actors a on a.id = l.actor_id
        where a.uri = ${old.id}`;
      // One account likes an entry once, however many Likes it sends.
      assert.equal(row?.n, 1);
    });
  }
});
