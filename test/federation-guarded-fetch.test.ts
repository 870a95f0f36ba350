import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { generateCryptoKeyPair } from "@fedify/fedify";
import { loadConfig } from "../src/config.ts";
import type { Ctx } from "../src/domain/context.ts";
import { federationContext } from "../src/federation/federation.ts";
import { instanceSigner } from "../src/federation/instance-actor.ts";
import { lookupAccount } from "../src/federation/outgoing.ts";
import { SsrfError } from "../src/media/safe-fetch.ts";
import { createApp } from "../src/web/app.ts";
import { type FakeActor, FakeRemote, type SignedPost } from "./helpers/fake-remote.ts";
import { note } from "./helpers/inbox-fixture.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** A server that takes connections and never answers (a stalled remote). */
async function silentServer() {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = http.createServer(() => {
    requests++;
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Why a promise was rejected (it must be). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected the fetch to fail");
}

/**
 * Fedify's own fetches (actors, signing keys, objects; signed ones too) go
 * through our SSRF guard and its time limit, like every fetch of ours.
 */
describe("Fedify's document fetches go through the SSRF guard", () => {
  let runtime: TestRuntime;
  let remote: FakeRemote;
  let mallory: FakeActor;

  /** Delivers a signed POST to an app without a network hop (its URL is the app's own). */
  const deliverTo = async (app: ReturnType<typeof createApp>, post: SignedPost) => {
    const response = await app.request(post.url, {
      method: "POST",
      headers: post.headers,
      body: post.body,
    });
    return response.status;
  };
  const remotePosts = async () => {
    const [row] = await runtime.database.sql.unsafe<{ n: number }[]>(
      "select count(*)::int as n from remote_posts",
    );
    return row?.n;
  };

  /** The same database, with loopback allowed (as in tests) and a 1 s limit per document. */
  const loopbackCtx = (): Ctx => ({
    ...runtime.ctx,
    config: {
      ...runtime.ctx.config,
      federationAllowPrivateAddress: true,
      federationFetchTimeoutMs: 1000,
    },
  });

  before(async () => {
    // FEDERATION_ALLOW_PRIVATE_ADDRESS unset: the guard refuses loopback.
    [runtime, remote] = await Promise.all([startTestRuntime(), FakeRemote.start()]);
    mallory = await remote.actor("mallory");
  });
  after(async () => {
    await Promise.all([runtime?.close(), remote?.close()]);
  });

  it("reads FEDERATION_FETCH_TIMEOUT_SECONDS (10 s unless set)", () => {
    assert.equal(loadConfig({}).federationFetchTimeoutMs, 10_000);
    assert.equal(
      loadConfig({ FEDERATION_FETCH_TIMEOUT_SECONDS: "3" }).federationFetchTimeoutMs,
      3000,
    );
    assert.throws(() => loadConfig({ FEDERATION_FETCH_TIMEOUT_SECONDS: "0" }));
  });

  it("rejects an activity whose signing key is on a loopback server, without connecting", async () => {
    const post = await remote.sign(mallory, "http://localhost:3000/inbox", note(mallory));
    assert.equal(await deliverTo(runtime.app, post), 401);
    assert.equal(remote.requests.length, 0, "the key was never fetched from 127.0.0.1");
    assert.equal(await remotePosts(), 0);
  });

  it("refuses loopback in Fedify's loaders with our guard's error (plain and signed)", async () => {
    const fed = federationContext(runtime.ctx);
    const plain = await rejection(fed.documentLoader(mallory.id));
    assert.ok(plain instanceof SsrfError, String(plain));
    assert.equal(plain.reason, "forbidden-address");
    const signed = await rejection(
      fed.getDocumentLoader(await instanceSigner(runtime.ctx))(mallory.id),
    );
    assert.ok(signed instanceof SsrfError, String(signed));
    assert.equal(signed.reason, "forbidden-address");
    assert.equal(remote.requests.length, 0);
  });

  // A generous test timeout: without the guard's limit this would hang, and fail here.
  it("gives up on a key server that never answers, within the configured time", {
    timeout: 60_000,
  }, async (t) => {
    const silent = await silentServer();
    t.after(() => silent.close());
    const ctx = loopbackCtx();
    const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const stalled: FakeActor = {
      id: `${silent.origin}/users/slow`,
      keyId: `${silent.origin}/users/slow#main-key`,
      inbox: `${silent.origin}/users/slow/inbox`,
      privateKey: keys.privateKey,
    };
    const post = await remote.sign(stalled, "http://localhost:3000/inbox", note(stalled));
    // Without a time limit this request would wait on the silent server for minutes.
    assert.equal(await deliverTo(createApp(ctx), post), 401);
    assert.ok(silent.requests() >= 1, "the guard let loopback through and asked for the key");
    assert.equal(await remotePosts(), 0);

    const error = await rejection(
      federationContext(ctx).documentLoader(`${silent.origin}/users/other`),
    );
    assert.ok(error instanceof SsrfError, String(error));
    assert.equal(error.reason, "timeout");
  });

  it("gives up on a WebFinger server that never answers (looking up @user@host)", {
    timeout: 60_000,
  }, async (t) => {
    const silent = await silentServer();
    t.after(() => silent.close());
    const address = `@slow@${new URL(silent.origin).host}`;
    const found = await lookupAccount(federationContext(loopbackCtx()), address);
    assert.equal(found, null);
    assert.ok(silent.requests() >= 1, "asked over plain HTTP through the guard, then gave up");
  });
});
