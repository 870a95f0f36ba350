import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Create,
  Note,
  OrderedCollection,
  OrderedCollectionPage,
  Person,
  PUBLIC_COLLECTION,
} from "@fedify/fedify/vocab";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { type Json, sqlRows } from "./helpers/federation-arrivals.ts";

/**
 * The instance actor (`/actor`, an `Application`) speaks for the server: it
 * signs our fetches of remote outboxes (authorized fetch) and sends the
 * reports we forward, so no member is named to the other server.
 */
describe("the instance actor", () => {
  let a: Instance;
  let remote: FakeRemote;
  let alice: CurrentUser;
  let carlId: string;
  let carlOnA: string;

  const actorJson = async () => {
    const response = await fetch(`${a.origin}/actor`, {
      headers: { accept: "application/activity+json" },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as Json & { publicKey: Json };
  };

  before(async () => {
    [a, remote] = await Promise.all([
      startInstance(),
      FakeRemote.start({ verifySignatures: true }),
    ]);
    alice = await makeMember(a.runtime.ctx, "alice");
    // Carl's server answers his outbox only to signed requests (authorized fetch).
    carlId = `${remote.origin}/users/carl`;
    await remote.serveObject(
      new Person({
        id: new URL(carlId),
        preferredUsername: "carl",
        name: "Carl Remote",
        inbox: new URL(`${carlId}/inbox`),
        outbox: new URL(`${carlId}/outbox`),
      }),
    );
    await remote.serveObject(
      new OrderedCollection({
        id: new URL(`${carlId}/outbox`),
        totalItems: 1,
        first: new URL(`${carlId}/outbox?page=1`),
      }),
    );
    await remote.serveObject(
      new OrderedCollectionPage({
        id: new URL(`${carlId}/outbox?page=1`),
        items: [
          new Create({
            id: new URL(`${carlId}/posts/1/activity`),
            actor: new URL(carlId),
            object: new Note({
              id: new URL(`${carlId}/posts/1`),
              attribution: new URL(carlId),
              content: "<p>Only for signed readers</p>",
              tos: [PUBLIC_COLLECTION],
            }),
          }),
        ],
      }),
    );
    remote.requireSignature(`${carlId}/outbox`);
    remote.requireSignature(`${carlId}/outbox?page=1`);
    const found = await lookupRemoteAccount(a.runtime.ctx, carlId);
    assert.ok(found);
    carlOnA = found;
  });
  after(async () => {
    await Promise.all([a?.close(), remote?.close()]);
  });

  it("is an Application at /actor with one key pair, generated once and kept", async () => {
    const first = await actorJson();
    assert.equal(first.type, "Application");
    assert.equal(first.id, `${a.origin}/actor`);
    assert.equal(first.publicKey.id, `${a.origin}/actor#main-key`);
    assert.match(String(first.publicKey.publicKeyPem), /BEGIN PUBLIC KEY/);
    const again = await actorJson();
    assert.equal(again.publicKey.publicKeyPem, first.publicKey.publicKeyPem);
    const kept = await sqlRows(
      a,
      `select count(*)::int as n from federation_kv where key = array['outloud','instance-actor','keys']`,
    );
    assert.equal(kept[0]?.n, 1, "the key pair is stored, not made per process");
  });

  it("signs the fetch of an outbox that requires signatures", async () => {
    const browser = await signedInClient(a.runtime, alice);
    const page = await (await browser.get(`${a.origin}/remote/${carlOnA}`)).text();
    assert.match(page, /Only for signed readers/, "the signed GET was answered");
    assert.doesNotMatch(page, /did not answer/);
    const outboxGets = remote.requests.filter(
      (r) => r.method === "GET" && r.url.startsWith(`${carlId}/outbox`),
    );
    assert.ok(outboxGets.length >= 2, "the outbox and its first page");
    for (const get of outboxGets) {
      assert.equal(get.keyId, `${a.origin}/actor#main-key`, `${get.url} verified as /actor`);
    }
  });

  it("sends a forwarded report (Flag) as itself, without naming the member", async () => {
    const [post] = await sqlRows(a, `select id from remote_posts where author_id = '${carlOnA}'`);
    assert.ok(post);
    const browser = await signedInClient(a.runtime, alice);
    const sent = await browser.post(`${a.origin}/actors/${carlOnA}/report`, {
      comment: "Spam in my replies",
      postIds: [String(post.id)],
      forward: "1",
    });
    assert.equal(sent.status, 200);
    await settle(a);
    const flags = remote.received.filter((activity) => activity.type === "Flag");
    assert.equal(flags.length, 1);
    const flag = flags[0] as Json;
    assert.equal(flag.actor, `${a.origin}/actor`);
    assert.match(String(flag.id), new RegExp(`^${a.origin}/actor#flags/`));
    assert.equal(flag.content, "Spam in my replies");
    assert.deepEqual(flag.object, [carlId, `${carlId}/posts/1`]);
    assert.doesNotMatch(JSON.stringify(flag), /alice/i, "the member is not named");
    const delivery = remote.requests.find((r) => r.method === "POST");
    assert.equal(delivery?.keyId, `${a.origin}/actor#main-key`, "signed by the instance actor");
  });
});
