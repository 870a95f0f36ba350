import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { detachSignature, getDocumentLoader, verifyJsonLd, verifyObject } from "@fedify/fedify";
import { Create } from "@fedify/fedify/vocab";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { describeMedia } from "../src/domain/api/media.ts";
import { createEntry, updateEntry } from "../src/domain/entries/index.ts";
import { followRemote, remoteActorId, remotePostsBy } from "../src/domain/federation/index.ts";
import { pinEntry } from "../src/domain/portfolios/pins.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { refreshRecentPosts } from "../src/federation/remote-outbox.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { AS_CONTEXT, type FakeActor, FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { activity, note } from "./helpers/inbox-fixture.ts";
import { jpeg, mediaRows, uploadFile } from "./helpers/media.ts";

type Json = Record<string, unknown>;
const TOOT = "http://joinmastodon.org/ns#";
const TOOT_CONTEXT = {
  toot: TOOT,
  blurhash: "toot:blurhash",
  focalPoint: { "@container": "@list", "@id": "toot:focalPoint" },
};
const loader = getDocumentLoader({ allowPrivateAddress: true });
const firstAttachment = (object: Json) =>
  (Array.isArray(object.attachment) ? object.attachment[0] : object.attachment) as Json;

describe("attachments carry blurhash, focal point and size over ActivityPub", () => {
  let a: Instance;
  let b: Instance;
  let remote: FakeRemote;
  let alice: CurrentUser;
  let carol: FakeActor;
  let entryId: string;
  let entryUri: string;
  let row: { blurhash: string; width: number; height: number };

  /** Activities of a type that reached the fake remote with a verified HTTP signature. */
  const signedDeliveries = (type: string) => {
    const posts = remote.requests.filter((r) => r.method === "POST");
    assert.equal(posts.length, remote.received.length, "every POST body was recorded");
    return remote.received.filter((body, i) => body.type === type && posts[i]?.keyId);
  };

  before(async () => {
    [a, b, remote] = await Promise.all([
      startInstance(),
      startInstance(),
      FakeRemote.start({ verifySignatures: true }),
    ]);
    alice = await makeMember(a.runtime.ctx, "alice");
    const bob = await makeMember(b.runtime.ctx, "bob");
    carol = await remote.actor("carol");
    // Bob (another Outloud) and Carol (a fake server that checks signatures) follow Alice.
    await followRemote(b.runtime.ctx, bob, `@alice@${a.host}`);
    const follow = activity(carol, "Follow", `${a.origin}/@alice`);
    assert.equal((await remote.send(carol, `${a.origin}/@alice/inbox`, follow)).status, 202);
    await settle(a, b);

    const client = await signedInClient(a.runtime, alice);
    const upload = await uploadFile(client, await jpeg(1600, 1200), "bench.jpg", "image/jpeg");
    const { id: mediaId } = (await upload.json()) as { id: string };
    await a.runtime.drainJobs();
    assert.ok(await describeMedia(a.runtime.ctx, alice, mediaId, { focus: "0.5,-0.25" }));
    const [media] = await mediaRows(a.runtime);
    const display = media?.variants.display;
    assert.ok(media?.blurhash && display?.width && display.height, "the photo is processed");
    row = { blurhash: media.blurhash, width: display.width, height: display.height };
    // The composer's fields: the upload's id and its alt text.
    const fields = {
      kind: "photo" as const,
      body: "The bench, finished",
      media: mediaId,
      [`alt-${mediaId}`]: "A wooden bench in a workshop",
      audience: "public" as const,
    };
    const saved = await createEntry(a.runtime.ctx, alice, fields);
    entryId = saved.id;
    entryUri = `${a.origin}/@alice/${entryId}`;
    await settle(a, b);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), remote?.close()]);
  });

  it("serves the entry's Image with blurhash, focalPoint, width and height as defined terms", async () => {
    const response = await a.runtime.app.request(entryUri, {
      headers: { accept: "application/activity+json" },
    });
    assert.equal(response.status, 200);
    const object = (await response.json()) as Json;
    const image = firstAttachment(object);
    assert.equal(image.type, "Image");
    assert.equal(image.name, "A wooden bench in a workshop");
    assert.equal(image.blurhash, row.blurhash);
    assert.deepEqual(image.focalPoint, [0.5, -0.25]);
    assert.equal(image.width, row.width);
    assert.equal(image.height, row.height);
    // A JSON-LD processor reads them as Mastodon's terms, the focal point as an ordered list.
    const [expanded] = (await jsonld.expand(object, { documentLoader: loader })) as Json[];
    const attachments = expanded?.["https://www.w3.org/ns/activitystreams#attachment"];
    const node = (attachments as Json[] | undefined)?.[0];
    assert.deepEqual(node?.[`${TOOT}blurhash`], [{ "@value": row.blurhash }]);
    assert.deepEqual(node?.[`${TOOT}focalPoint`], [
      { "@list": [{ "@value": 0.5 }, { "@value": -0.25 }] },
    ]);
  });

  it("puts the extras in the outbox page's Create and the featured collection too", async () => {
    await pinEntry(a.runtime.ctx, alice, entryId);
    for (const path of ["/@alice/outbox?cursor=", "/@alice/featured"]) {
      const response = await a.runtime.app.request(`${a.origin}${path}`, {
        headers: { accept: "application/activity+json" },
      });
      assert.equal(response.status, 200, path);
      const collection = (await response.json()) as Json;
      assert.ok(JSON.stringify(collection).includes(entryUri), `${path} lists the entry`);
      // Read as JSON-LD (as a remote server does): the terms are Mastodon's.
      const expanded = await jsonld.expand(collection, { documentLoader: loader });
      const text = JSON.stringify(expanded);
      assert.ok(text.includes(`"${TOOT}blurhash":[{"@value":"${row.blurhash}"}]`), path);
      assert.ok(text.includes(`"${TOOT}focalPoint":[{"@list":[{"@value":0.5}`), path);
    }
  });

  it("delivers the Create with the extras inside every signature", async () => {
    const [create] = signedDeliveries("Create");
    assert.ok(create, "the fake remote received a Create with a valid HTTP signature");
    const image = firstAttachment(create.object as Json);
    assert.equal(image.blurhash, row.blurhash);
    assert.deepEqual(image.focalPoint, [0.5, -0.25]);
    const options = { documentLoader: loader, contextLoader: loader };
    assert.equal(await verifyJsonLd(create, options), true, "Linked Data signature");
    // The proof covers the activity without its Linked Data signature (added after it).
    assert.ok(await verifyObject(Create, detachSignature(create), options), "integrity proof");
    // The blurhash is part of what was signed: changed, neither signature holds.
    const forged = structuredClone(create);
    firstAttachment(forged.object as Json).blurhash = "L00000fQfQfQfQfQfQfQfQfQfQfQ";
    assert.equal(await verifyJsonLd(forged, options), false);
    assert.equal(await verifyObject(Create, detachSignature(forged), options), null);
  });

  it("keeps the blurhash and focal point on the receiving Outloud, and again after an Update", async () => {
    const aliceOnB = await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`);
    assert.ok(aliceOnB);
    const [post] = await remotePostsBy(b.runtime.ctx, aliceOnB);
    assert.equal(post?.uri, entryUri);
    assert.equal(post?.attachments[0]?.blurhash, row.blurhash);
    assert.equal(post?.attachments[0]?.width, row.width);
    assert.deepEqual(post?.attachments[0]?.focalPoint, [0.5, -0.25]);
    // B's page for the post draws the placeholder while the proxied photo loads.
    const page = await b.runtime.app.request(`/posts/${post?.id}`);
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.ok(text.includes(`data-blurhash="${row.blurhash}"`), "the placeholder is on the page");
    assert.match(text, /<script src="\/static\/media-blurhash.js" defer><\/script>/);

    await updateEntry(a.runtime.ctx, alice, {
      id: entryId,
      kind: "photo",
      body: "The bench, finished and oiled",
      audience: "public",
    });
    await settle(a, b);
    const [update] = signedDeliveries("Update");
    assert.equal(firstAttachment(update?.object as Json).blurhash, row.blurhash);
    const [edited] = await remotePostsBy(b.runtime.ctx, aliceOnB);
    assert.match(edited?.contentHtml ?? "", /oiled/);
    assert.equal(edited?.attachments[0]?.blurhash, row.blurhash);

    // Read again from A's outbox (B's page for Alice refreshes it): the extras come along.
    await b.runtime.database.sql`delete from remote_posts where uri = ${entryUri}`;
    const account = { id: aliceOnB, uri: `${a.origin}/@alice` };
    assert.equal(await refreshRecentPosts(b.runtime.ctx, account), "fetched");
    const [fromOutbox] = await remotePostsBy(b.runtime.ctx, aliceOnB);
    assert.equal(fromOutbox?.uri, entryUri);
    assert.equal(fromOutbox?.attachments[0]?.blurhash, row.blurhash);
    assert.deepEqual(fromOutbox?.attachments[0]?.focalPoint, [0.5, -0.25]);
  });

  it("reads the blurhash and focal point of a Mastodon-style reply, and drops bad ones", async () => {
    const image = (name: string, blurhash: string, focalPoint: unknown) => ({
      type: "Document",
      mediaType: "image/jpeg",
      url: `${remote.origin}/media/${name}.jpg`,
      blurhash,
      focalPoint,
    });
    const create = note(carol, {
      inReplyTo: entryUri,
      attachment: [
        image("good", "LEHV6nWB2yk8pyo0adR*.7kCMdnj", [-0.3, 0.8]),
        image("bad", "<b>no</b>", [2, "x"]),
      ],
    });
    const sent = { ...create, "@context": [...AS_CONTEXT, TOOT_CONTEXT] };
    assert.equal((await remote.send(carol, `${a.origin}/inbox`, sent)).status, 202);
    await settle(a);
    const [kept] = await a.runtime.database.sql<{ attachments: Json[] }[]>`
      select attachments from remote_posts where uri = ${create.object.id}`;
    assert.equal(kept?.attachments[0]?.blurhash, "LEHV6nWB2yk8pyo0adR*.7kCMdnj");
    assert.equal(kept?.attachments[1]?.blurhash, null);
    assert.deepEqual(kept?.attachments[0]?.focalPoint, [-0.3, 0.8]);
    assert.equal(kept?.attachments[1]?.focalPoint, null, "out of range: dropped");
  });
});
