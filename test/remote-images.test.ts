import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import sharp from "sharp";
import { actors } from "../src/db/schema/accounts.ts";
import { remotePosts } from "../src/db/schema/federation.ts";
import { newId } from "../src/domain/ids.ts";
import { sweepMedia } from "../src/domain/media/index.ts";
import { remoteImage, remoteImagePath } from "../src/domain/media/remote-images.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * The remote image proxy against a real image server on loopback (allowed
 * with FEDERATION_ALLOW_PRIVATE_ADDRESS=true, as in the federation tests).
 */

let runtime: TestRuntime;
let server: http.Server;
let origin = "";
const hits = new Map<string, number>();
const files = new Map<string, { type: string; body: Uint8Array }>();

before(async () => {
  runtime = await startTestRuntime({ FEDERATION_ALLOW_PRIVATE_ADDRESS: "true" });
  server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": file.type, "content-length": file.body.length });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.close();
  await runtime?.close();
});

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();

async function remoteActor(avatarPath: string): Promise<string> {
  const id = newId();
  await runtime.ctx.db.insert(actors).values({
    id,
    handle: `someone${id.slice(-6)}`,
    host: "remote.example",
    displayName: "Someone Remote",
    uri: `https://remote.example/users/${id}`,
    avatarUrl: `${origin}${avatarPath}`,
  });
  return id;
}

test("a remote avatar is fetched once and served as WebP in both sizes", async () => {
  files.set("/avatar.png", { type: "image/png", body: await png(640, 480) });
  const id = await remoteActor("/avatar.png");
  const url = `${origin}/avatar.png`;
  const small = await runtime.app.request(remoteImagePath(id, url, "a96"));
  assert.equal(small.status, 200);
  assert.equal(small.headers.get("content-type"), "image/webp");
  assert.equal(small.headers.get("x-content-type-options"), "nosniff");
  assert.match(small.headers.get("cache-control") ?? "", /max-age=31536000, immutable/);
  const meta = await sharp(Buffer.from(await small.arrayBuffer())).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ["webp", 96, 96]);
  const large = await runtime.app.request(remoteImagePath(id, url, "a400"));
  assert.equal(large.status, 200);
  const big = await sharp(Buffer.from(await large.arrayBuffer())).metadata();
  assert.deepEqual([big.format, big.width, big.height], ["webp", 400, 400]);
  await runtime.app.request(remoteImagePath(id, url, "a96"));
  assert.equal(hits.get("/avatar.png"), 1, "one download made both sizes, then storage serves");
});

test("a non-image or an oversized avatar falls back to the default avatar, and is not refetched", async () => {
  files.set("/page.png", {
    type: "image/png",
    body: new TextEncoder().encode("<html><body>hi</body></html>"),
  });
  files.set("/huge.png", { type: "image/png", body: new Uint8Array(9 * 1024 * 1024) });
  for (const path of ["/page.png", "/huge.png", "/missing.png"]) {
    const id = await remoteActor(path);
    const response = await runtime.app.request(remoteImagePath(id, `${origin}${path}`, "a96"));
    assert.equal(response.status, 302, path);
    assert.equal(response.headers.get("location"), "/static/avatar-missing.png");
    const again = await runtime.app.request(remoteImagePath(id, `${origin}${path}`, "a400"));
    assert.equal(again.status, 302);
    assert.equal(hits.get(path), 1, `${path} was tried once, then the failure remembered`);
  }
});

test("unknown keys, forged hashes and arbitrary URLs are 404", async () => {
  const id = await remoteActor("/avatar.png");
  for (const path of [
    remoteImagePath(newId(), `${origin}/avatar.png`, "a96"),
    remoteImagePath(id, `${origin}/other.png`, "a96"),
    `/media/remote/${encodeURIComponent(`${origin}/avatar.png`)}`,
    "/media/remote/a96-nothing.webp",
  ]) {
    const response = await runtime.app.request(path);
    assert.equal(response.status, 404, path);
  }
  assert.equal(hits.get("/other.png"), undefined);
});

test("with the private-address flag off, a loopback URL is refused before connecting", async () => {
  files.set("/private.png", { type: "image/png", body: await png(50, 50) });
  const id = await remoteActor("/private.png");
  const strict = {
    ...runtime.ctx,
    config: { ...runtime.ctx.config, federationAllowPrivateAddress: false },
  };
  const key = remoteImagePath(id, `${origin}/private.png`, "a96").split("/").at(-1)!;
  const result = await remoteImage(strict, ANONYMOUS, key);
  assert.deepEqual(result, { kind: "failed", avatar: true });
  assert.equal(hits.get("/private.png"), undefined, "nothing connected to the loopback server");
});

test("a post's image is served within 1280 px, and only to viewers who may see the post", async () => {
  files.set("/photo.png", { type: "image/png", body: await png(2000, 1000) });
  const author = await remoteActor("/avatar.png");
  const url = `${origin}/photo.png`;
  const attachment = {
    type: "image" as const,
    url,
    mediaType: "image/png",
    name: "A red square",
    width: 2000,
    height: 1000,
    blurhash: null,
  };
  const [shown, hidden] = [newId(), newId()];
  for (const [id, audience] of [
    [shown, "public"],
    [hidden, "followers"],
  ] as const) {
    await runtime.ctx.db.insert(remotePosts).values({
      id,
      uri: `https://remote.example/notes/${id}`,
      authorId: author,
      type: "Note",
      contentHtml: "<p>Look</p>",
      audience,
      attachments: [attachment],
    });
  }
  const response = await runtime.app.request(remoteImagePath(shown, url, "img"));
  assert.equal(response.status, 200);
  const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ["webp", 1280, 640]);
  const refused = await runtime.app.request(remoteImagePath(hidden, url, "img"));
  assert.equal(refused.status, 404, "a followers-only post's image is not shown to a visitor");
});

test("the sweep drops cached pictures older than MEDIA_REMOTE_CACHE_DAYS, and a page fetches them again", async () => {
  files.set("/aging.png", { type: "image/png", body: await png(120, 120) });
  const id = await remoteActor("/aging.png");
  const url = `${origin}/aging.png`;
  assert.equal((await runtime.app.request(remoteImagePath(id, url, "a96"))).status, 200);
  assert.equal(hits.get("/aging.png"), 1);
  assert.equal(runtime.ctx.config.media.remoteCacheDays, 30);
  const at = (days: number) => ({
    ...runtime.ctx,
    now: () => new Date(Date.now() + days * 24 * 3600 * 1000),
  });
  const soon = await sweepMedia(at(29));
  assert.equal(soon.remoteImages, 0, "a copy younger than 30 days stays");
  const later = await sweepMedia(at(31));
  assert.ok(later.remoteImages >= 2, "both avatar sizes of the old copy went");
  assert.equal((await runtime.app.request(remoteImagePath(id, url, "a96"))).status, 200);
  assert.equal(hits.get("/aging.png"), 2, "shown again, it was fetched again");
  const keep = {
    ...at(3650),
    config: { ...runtime.ctx.config, media: { ...runtime.ctx.config.media, remoteCacheDays: 0 } },
  };
  assert.equal((await sweepMedia(keep)).remoteImages, 0, "0 keeps them for ever");
});
