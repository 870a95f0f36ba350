import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import generator from "megalodon";
import sharp from "sharp";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { call } from "./helpers/api-posts.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { png } from "./helpers/media.ts";

async function upload(
  server: ApiServer,
  token: string,
  path: string,
  file: Buffer,
  fields: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(file)], { type: "image/png" }), "picture.png");
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, json: await response.json() };
}

describe("client API: media", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let aliceToken: string;
  let bobToken: string;

  before(async () => {
    server = await startApiServer();
    alice = await makeMember(server.runtime.ctx, "alice");
    bob = await makeMember(server.runtime.ctx, "bob");
    aliceToken = await tokenFor(server, alice);
    bobToken = await tokenFor(server, bob);
  });
  after(() => server.close());

  it("answers 202 while processing, 206 on GET until ready, then 200 with the files", async () => {
    const sent = await upload(server, aliceToken, "/api/v2/media", await png(640, 480), {
      description: "A terracotta rectangle",
      focus: "0.5,-0.25",
    });
    assert.equal(sent.status, 202);
    assert.equal(sent.json.url, null);
    assert.equal(sent.json.type, "image");
    assert.equal(sent.json.description, "A terracotta rectangle");
    assert.deepEqual(sent.json.meta.focus, { x: 0.5, y: -0.25 });
    const waiting = await call(server, aliceToken, "GET", `/api/v1/media/${sent.json.id}`);
    assert.equal(waiting.status, 206);

    await server.runtime.drainJobs();
    const ready = await call(server, aliceToken, "GET", `/api/v1/media/${sent.json.id}`);
    assert.equal(ready.status, 200);
    assert.match(ready.json.url, /\/media\//);
    assert.match(ready.json.preview_url, /\/media\//);
    assert.equal(ready.json.meta.original.width, 640);
    assert.equal(ready.json.meta.original.height, 480);
    assert.equal(typeof ready.json.blurhash, "string");
    const posted = await call(server, aliceToken, "POST", "/api/v1/statuses", {
      status: "Colour study",
      media_ids: [sent.json.id],
    });
    assert.equal(posted.json.media_attachments[0].url, ready.json.url);
    const file = await fetch(ready.json.url);
    assert.equal(file.status, 200, "a public status's file is served to anyone");
    assert.equal(file.headers.get("content-type")?.startsWith("image/"), true);
  });

  it("updates description and focus (PUT), refusing a malformed focus", async () => {
    const app = generator("mastodon", server.url, aliceToken);
    const sent = await upload(server, aliceToken, "/api/v1/media", await png(200, 200));
    assert.equal(sent.status, 200);
    const updated = await app.updateMedia(sent.json.id, {
      description: "Now described",
      focus: "-1,1",
    });
    assert.equal(updated.data.description, "Now described");
    assert.deepEqual(updated.data.meta?.focus, { x: -1, y: 1 });
    const bad = await call(server, aliceToken, "PUT", `/api/v1/media/${sent.json.id}`, {
      focus: "2,0",
    });
    assert.equal(bad.status, 422);
    assert.match(bad.json.error, /focus/i);
    const long = await call(server, aliceToken, "PUT", `/api/v1/media/${sent.json.id}`, {
      description: "x".repeat(1501),
    });
    assert.equal(long.status, 422);
  });

  it("keeps one member's uploads from another, and needs write:media", async () => {
    const sent = await upload(server, aliceToken, "/api/v2/media", await png(100, 100));
    const id = sent.json.id;
    assert.equal((await call(server, bobToken, "GET", `/api/v1/media/${id}`)).status, 404);
    const put = await call(server, bobToken, "PUT", `/api/v1/media/${id}`, {
      description: "mine now",
    });
    assert.equal(put.status, 404);
    assert.equal(typeof put.json.error, "string");
    const readOnly = await tokenFor(server, alice, ["read"]);
    const refused = await upload(server, readOnly, "/api/v2/media", await png(100, 100));
    assert.equal(refused.status, 403);
    assert.equal(typeof refused.json.error, "string");
  });

  it("refuses a file that is not an image, and takes one larger than the request body limit", async () => {
    const junk = await upload(
      server,
      aliceToken,
      "/api/v2/media",
      Buffer.from("not an image at all"),
    );
    assert.equal(junk.status, 422);
    assert.equal(typeof junk.json.error, "string");

    // Noise does not compress: about 12 MB, over MAX_BODY_BYTES (10 MiB) but under the image limit.
    const side = 2000;
    const noise = await sharp(randomBytes(side * side * 3), {
      raw: { width: side, height: side, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    assert.ok(noise.length > server.runtime.ctx.config.maxBodyBytes);
    const big = await upload(server, aliceToken, "/api/v2/media", noise);
    assert.equal(big.status, 202, JSON.stringify(big.json));
  });
});
