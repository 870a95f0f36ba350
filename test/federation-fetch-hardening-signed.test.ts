import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { getDocumentLoader, verifyRequest } from "@fedify/fedify";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { lookupRemoteUrl } from "../src/federation/lookup-url.ts";
import { freshDocumentLoader } from "../src/federation/safe-document-loader.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { AS_CONTEXT, type FakeActor, FakeRemote, PUBLIC } from "./helpers/fake-remote.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";
import { sqlRows } from "./helpers/federation-arrivals.ts";
import { activity } from "./helpers/inbox-fixture.ts";

/** The keyId of a request's HTTP Signature when it verifies for the URL it was sent to, else null. */
async function verifiedKeyId(req: http.IncomingMessage, origin: string): Promise<string | null> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
  }
  const request = new Request(new URL(req.url ?? "/", origin), { headers });
  const loader = getDocumentLoader({ allowPrivateAddress: true });
  const key = await verifyRequest(request, { documentLoader: loader, contextLoader: loader });
  return key?.id?.href ?? null;
}

/**
 * A server with authorized fetch whose document moved: `/old` redirects to
 * `/new` (same origin), and both answer only requests signed for themselves.
 */
async function movedDocumentServer() {
  const seen: { path: string; keyId: string | null }[] = [];
  let origin = "";
  const server = http.createServer((req, res) => {
    verifiedKeyId(req, origin)
      .catch(() => null)
      .then((keyId) => {
        seen.push({ path: req.url ?? "", keyId });
        if (!keyId) return res.writeHead(401).end();
        if (req.url === "/old") return res.writeHead(301, { location: "/new" }).end();
        const note = {
          "@context": AS_CONTEXT,
          id: `${origin}/new`,
          type: "Note",
          content: "Moved",
        };
        res.writeHead(200, { "content-type": "application/activity+json" });
        res.end(JSON.stringify(note));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("signed GETs as the instance actor", () => {
  let a: Instance;
  let remote: FakeRemote;
  let rita: FakeActor;
  let browser: TestClient;
  let alice: CurrentUser;
  let instanceKeyId: string;
  const noteUrl = () => `${remote.origin}/notes/1`;

  before(async () => {
    a = await startInstance();
    instanceKeyId = `${a.origin}/actor#main-key`;
    remote = await FakeRemote.start({ verifySignatures: true });
    rita = await remote.actor("rita");
    remote.serve({
      "@context": AS_CONTEXT,
      id: noteUrl(),
      type: "Note",
      attributedTo: rita.id,
      content: "<p>Only for signed readers</p>",
      to: [PUBLIC],
      published: "2026-11-01T10:00:00Z",
    });
    // Authorized fetch: unsigned GETs get 401.
    remote.requireSignature(noteUrl());
    remote.requireSignature(rita.id);
    alice = await makeMember(a.runtime.ctx, "alice");
    browser = await signedInClient(a.runtime, alice);
  });
  after(async () => {
    await Promise.all([a?.close(), remote?.close()]);
  });

  const getsOf = (url: string) =>
    remote.requests.filter((request) => request.method === "GET" && request.url === url);

  it("looks up a pasted post URL on a server with authorized fetch", async () => {
    const response = await browser.get(`${a.origin}/search?q=${encodeURIComponent(noteUrl())}`);
    assert.equal(response.status, 303);
    const [post] = await sqlRows(a, `select id from remote_posts where uri = '${noteUrl()}'`);
    assert.ok(post, "the post is kept");
    assert.equal(response.headers.get("location"), `/posts/${post.id}`);
    const gets = getsOf(noteUrl());
    assert.ok(gets.length > 0);
    for (const get of gets) assert.equal(get.keyId, instanceKeyId, "every GET is signed");
  });

  it("looks up a pasted profile URL on a server with authorized fetch", async () => {
    const found = await lookupRemoteUrl(a.runtime.ctx, rita.id);
    assert.equal(found.kind, "account");
    const [account] = await sqlRows(a, `select id from actors where uri = '${rita.id}'`);
    assert.equal(found.kind === "account" && found.id, account?.id);
    for (const get of getsOf(rita.id)) assert.equal(get.keyId, instanceKeyId);
  });

  it("signs the request after a same-origin redirect for its new URL", async () => {
    const moved = await movedDocumentServer();
    try {
      const ctx = a.runtime.ctx;
      const load = freshDocumentLoader(ctx);
      const loaded = await load(`${moved.origin}/old`);
      assert.equal((loaded.document as { content?: string }).content, "Moved");
      // Each hop's signature verified for its own (request-target): none was refused.
      assert.deepEqual(moved.seen, [
        { path: "/old", keyId: instanceKeyId },
        { path: "/new", keyId: instanceKeyId },
      ]);
    } finally {
      await moved.close();
    }
  });

  it("signs Fedify's own fetch of a new sender's key, so a server with authorized fetch can post to us", async () => {
    const sam = await remote.actor("sam");
    remote.requireSignature(sam.id);
    const entry = await createEntry(a.runtime.ctx, alice, {
      kind: "note",
      body: "Likeable",
      audience: "public",
    });
    const like = activity(sam, "Like", `${a.origin}/@alice/${entry.id}`);
    const sent = await remote.send(sam, `${a.origin}/inbox`, like);
    // Unsigned, the key fetch would get 401 and the signature could not be checked.
    assert.equal(sent.status, 202, sent.text);
    await settle(a);
    const likes = await sqlRows(
      a,
      `select l.id from likes l join actors x on x.id = l.actor_id
      where x.uri = '${sam.id}' and l.entry_id = '${entry.id}'`,
    );
    assert.equal(likes.length, 1);
    const gets = getsOf(sam.id);
    assert.ok(gets.length > 0, "the key was fetched");
    for (const get of gets) assert.equal(get.keyId, instanceKeyId);
  });
});
