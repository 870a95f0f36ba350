import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { follow } from "../src/domain/follows.ts";
import { sweepMedia } from "../src/domain/media/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import {
  jpeg,
  jpegWithGps,
  mediaRows,
  storedFiles,
  uploadFile,
  variantBytes,
} from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Posts the composer as a browser without JavaScript does: multipart, token in the action. */
async function postComposer(
  client: TestClient,
  action: string,
  fields: Record<string, string>,
  files: { data: Uint8Array; name: string; type: string }[] = [],
  csrf = true,
): Promise<Response> {
  await client.ensureCsrf();
  const form = new FormData();
  form.append("_csrf", client.csrfToken);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files)
    form.append("files", new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const url = csrf ? `${action}?_csrf=${encodeURIComponent(client.csrfToken)}` : action;
  return client.request(url, { method: "POST", body: form });
}

const idOf = (location: string | null) => location?.split("/").pop() ?? "";

describe("entries with media", () => {
  let runtime: TestRuntime;
  let ada: CurrentUser;
  let bea: CurrentUser;
  let author: TestClient;
  let stranger: TestClient;
  let visitor: TestClient;

  before(async () => {
    runtime = await startTestRuntime();
    ada = await makeMember(runtime.ctx, "ada");
    bea = await makeMember(runtime.ctx, "bea");
    author = await signedInClient(runtime, ada);
    stranger = await signedInClient(runtime, bea);
    visitor = new TestClient(runtime.app);
  });
  after(() => runtime.close());

  it("publishes a photo entry from the plain form once its photo is processed", async () => {
    const response = await postComposer(
      author,
      "/compose",
      {
        kind: "photo",
        body: "The prototype, first light",
        "alt-new": "A blue prototype on a bench",
        action: "publish",
        audience: "public",
      },
      [{ data: await jpegWithGps(2000, 1500), name: "proto.jpg", type: "image/jpeg" }],
    );
    assert.equal(response.status, 303);
    const location = response.headers.get("location")!;
    const entryId = idOf(location);
    const [entry] = await runtime.database.sql<
      { status: string }[]
    >`select status from entries where id = ${entryId}`;
    assert.equal(entry?.status, "processing");
    const own = await (await author.get(location)).text();
    assert.match(own, /published as soon as they are ready/);
    assert.match(own, /Processing “proto.jpg”/);
    assert.equal((await visitor.get(location)).status, 404, "not public while processing");

    await runtime.drainJobs();
    const [published] = await runtime.database.sql<
      { status: string }[]
    >`select status from entries where id = ${entryId}`;
    assert.equal(published?.status, "published");
    const [row] = (await mediaRows(runtime)).filter((r) => r.entry_id === entryId);
    assert.ok(row);
    const page = await visitor.get(location);
    assert.equal(page.status, 200);
    const html = await page.text();
    const src = `/media/${row.id}/display.jpg`;
    assert.ok(html.includes(`src="${src}"`), "the gallery shows the display size");
    assert.match(
      html,
      new RegExp(
        `srcset="/media/${row.id}/thumb.jpg 400w, /media/${row.id}/display.jpg 1280w, /media/${row.id}/original.jpg 2000w"`,
      ),
    );
    assert.match(html, /alt="A blue prototype on a bench"/);
    assert.match(html, /width="1280" height="960"/);
    assert.match(html, /data-blurhash="/);
    assert.match(
      html,
      /<meta property="og:image" content="http:\/\/localhost:3000\/media\/[0-9a-f-]{36}\/display.jpg">/,
    );
    assert.match(html, /summary_large_image/);
    assert.doesNotMatch(html, /Location data removed/, "only the author is told");
    assert.match(
      await (await author.get(location)).text(),
      /Location data removed from this photo/,
    );
    const profile = await (await visitor.get("/@ada")).text();
    assert.ok(
      profile.includes(`/media/${row.id}/thumb.jpg`),
      "the profile lists it with its photo",
    );
  });

  it("takes files uploaded by the script and asks for alt text before publishing", async () => {
    const upload = await uploadFile(author, await jpeg(800, 600), "desk.jpg", "image/jpeg");
    const { id } = (await upload.json()) as { id: string };
    const missing = await author.post("/compose", { kind: "photo", media: id, action: "publish" });
    assert.equal(missing.status, 422);
    const form = await missing.text();
    assert.match(form, /Describe this photo for people who cannot see it/);
    assert.ok(form.includes(`name="media" value="${id}"`), "the upload stays in the form");
    await runtime.drainJobs();
    const ok = await author.post("/compose", {
      kind: "photo",
      media: id,
      [`alt-${id}`]: "A tidy desk",
      action: "publish",
    });
    assert.equal(ok.status, 303);
    const [entry] = await runtime.database.sql<
      { status: string }[]
    >`select status from entries where id = ${idOf(ok.headers.get("location"))}`;
    assert.equal(entry?.status, "published", "ready media: published at once");
  });

  it("shows a refused file's reason in the form, keeping what was typed", async () => {
    const response = await postComposer(
      author,
      "/compose",
      { kind: "photo", body: "Kept text", action: "publish" },
      [
        {
          data: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"),
          name: "x.svg",
          type: "image/svg+xml",
        },
      ],
    );
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /SVG images are not accepted/);
    assert.match(html, />Kept text<\/textarea>/);
  });

  it("refuses a multipart composer post without its token", async () => {
    const before = (await mediaRows(runtime)).length;
    const response = await postComposer(
      author,
      "/compose",
      { kind: "note", body: "x" },
      [{ data: await jpeg(), name: "a.jpg", type: "image/jpeg" }],
      false,
    );
    assert.equal(response.status, 403);
    assert.equal((await mediaRows(runtime)).length, before, "nothing stored");
  });

  describe("serving", () => {
    let privateFile: string;
    let publicFile: string;
    let followersFile: string;
    let publicKey: string;

    before(async () => {
      const make = async (audience: string) => {
        const upload = await uploadFile(
          author,
          await jpeg(900, 700),
          `${audience}.jpg`,
          "image/jpeg",
        );
        const { id } = (await upload.json()) as { id: string };
        await runtime.drainJobs();
        const response = await author.post("/compose", {
          kind: "photo",
          media: id,
          [`alt-${id}`]: "x",
          audience,
          action: "publish",
        });
        assert.equal(response.status, 303);
        return id;
      };
      privateFile = `/media/${await make("private")}/display.jpg`;
      const publicId = await make("public");
      publicFile = `/media/${publicId}/display.jpg`;
      publicKey = (await mediaRows(runtime)).find((r) => r.id === publicId)!.variants.display!.key;
      followersFile = `/media/${await make("followers")}/display.jpg`;
    });

    it("answers Range requests with 206 and the right bytes", async () => {
      const bytes = variantBytes(runtime, publicKey);
      const whole = await visitor.get(publicFile);
      assert.equal(whole.status, 200);
      assert.equal(whole.headers.get("content-type"), "image/jpeg");
      assert.equal(whole.headers.get("x-content-type-options"), "nosniff");
      assert.equal(whole.headers.get("accept-ranges"), "bytes");
      assert.equal(whole.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assert.deepEqual(Buffer.from(await whole.arrayBuffer()), bytes);

      const part = await visitor.get(publicFile, { range: "bytes=100-299" });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get("content-range"), `bytes 100-299/${bytes.length}`);
      assert.equal(part.headers.get("content-length"), "200");
      assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(100, 300));

      const suffix = await visitor.get(publicFile, { range: "bytes=-50" });
      assert.equal(suffix.status, 206);
      assert.deepEqual(Buffer.from(await suffix.arrayBuffer()), bytes.subarray(bytes.length - 50));

      const open = await visitor.get(publicFile, { range: `bytes=${bytes.length - 10}-` });
      assert.deepEqual(Buffer.from(await open.arrayBuffer()), bytes.subarray(bytes.length - 10));

      const beyond = await visitor.get(publicFile, { range: `bytes=${bytes.length + 5}-` });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get("content-range"), `bytes */${bytes.length}`);

      const etag = whole.headers.get("etag")!;
      assert.match(etag, /^"[\w-]+"$/);
      const cached = await visitor.get(publicFile, { "if-none-match": etag });
      assert.equal(cached.status, 304);
    });

    it("serves a private entry's media to its author only; a stranger gets 404", async () => {
      assert.equal((await author.get(privateFile)).status, 200);
      const own = await author.get(privateFile);
      assert.equal(own.headers.get("cache-control"), "private, no-cache");
      assert.equal((await visitor.get(privateFile)).status, 404);
      assert.equal((await stranger.get(privateFile)).status, 404);
      assert.equal((await stranger.get(privateFile, { range: "bytes=0-10" })).status, 404);
    });

    it("serves followers-only media to followers", async () => {
      assert.equal((await stranger.get(followersFile)).status, 404);
      await follow(runtime.ctx, bea, { handle: "ada" });
      assert.equal((await stranger.get(followersFile)).status, 200);
      assert.equal((await visitor.get(followersFile)).status, 404);
    });

    it("serves an upload not yet on an entry to its uploader only", async () => {
      const upload = await uploadFile(author, await jpeg(), "loose.jpg", "image/jpeg");
      const { id } = (await upload.json()) as { id: string };
      await runtime.drainJobs();
      const file = `/media/${id}/thumb.jpg`;
      assert.equal((await author.get(file)).status, 200);
      assert.equal((await stranger.get(file)).status, 404);
      assert.equal((await visitor.get(file)).status, 404);
      assert.equal((await visitor.get(`/media/${id}/passwd`)).status, 404);
      assert.equal((await visitor.get(`/media/${id}/../../etc/passwd`)).status, 404);
    });
  });

  it("removes an entry's files when the entry is deleted", async () => {
    const upload = await uploadFile(author, await jpeg(), "gone.jpg", "image/jpeg");
    const { id } = (await upload.json()) as { id: string };
    await runtime.drainJobs();
    const created = await author.post("/compose", {
      kind: "photo",
      media: id,
      [`alt-${id}`]: "soon gone",
      action: "publish",
    });
    const location = created.headers.get("location")!;
    assert.equal(storedFiles(runtime).filter((file) => file.includes(id)).length, 3);
    const deleted = await author.post(`${location}/delete`, {});
    assert.equal(deleted.status, 303);
    assert.deepEqual(
      storedFiles(runtime).filter((file) => file.includes(id)),
      [],
    );
    assert.equal((await mediaRows(runtime)).filter((r) => r.id === id).length, 0);
  });

  it("removes a photo dropped while editing, keeps the others in their order", async () => {
    const ids: string[] = [];
    for (const name of ["one.jpg", "two.jpg", "three.jpg"]) {
      const upload = await uploadFile(author, await jpeg(500, 400), name, "image/jpeg");
      ids.push(((await upload.json()) as { id: string }).id);
    }
    await runtime.drainJobs();
    const alts = Object.fromEntries(ids.map((id, i) => [`alt-${id}`, `photo ${i + 1}`]));
    const created = await author.post("/compose", {
      kind: "photo",
      media: ids.join(","),
      ...alts,
      action: "publish",
    });
    const location = created.headers.get("location")!;
    const editForm = await (await author.get(`${location}/edit`)).text();
    for (const id of ids) assert.ok(editForm.includes(`name="media" value="${id}"`));
    const [first, second, third] = ids as [string, string, string];
    const edited = await postComposer(author, `${location}/edit`, {
      kind: "photo",
      media: `${third},${first}`,
      remove: second,
      [`alt-${third}`]: "photo 3, now first",
      [`alt-${first}`]: "photo 1",
      action: "save",
      audience: "public",
    });
    assert.equal(edited.status, 303);
    const rows = (await mediaRows(runtime)).filter((r) => ids.includes(r.id));
    assert.deepEqual(rows.map((r) => r.id).sort(), [first, third].sort());
    assert.deepEqual(
      storedFiles(runtime).filter((file) => file.includes(second)),
      [],
    );
    const html = await (await visitor.get(location)).text();
    assert.ok(html.indexOf(`/media/${third}/`) < html.indexOf(`/media/${first}/`), "the new order");
    assert.match(html, /alt="photo 3, now first"/);
  });

  it("puts an entry whose media failed back to draft, with the reason for its author", async () => {
    const head = Buffer.from([
      0,
      0,
      0,
      24,
      ...Buffer.from("ftypisom"),
      0,
      0,
      2,
      0,
      ...Buffer.from("isommp41"),
    ]);
    const upload = await uploadFile(
      author,
      Buffer.concat([head, Buffer.alloc(5000, 1)]),
      "clip.mp4",
      "video/mp4",
    );
    const { id } = (await upload.json()) as { id: string };
    const created = await author.post("/compose", {
      kind: "video",
      media: id,
      [`alt-${id}`]: "A clip",
      action: "publish",
    });
    const location = created.headers.get("location")!;
    await runtime.drainJobs();
    const [entry] = await runtime.database.sql<
      { status: string }[]
    >`select status from entries where id = ${idOf(location)}`;
    assert.equal(entry?.status, "draft");
    assert.match(
      await (await author.get(location)).text(),
      /“clip.mp4” could not be processed: This file could not be read/,
    );
  });

  it("sweeps uploads never used, files without a row and old scratch files", async () => {
    const upload = await uploadFile(author, await jpeg(), "abandoned.jpg", "image/jpeg");
    const { id } = (await upload.json()) as { id: string };
    await runtime.drainJobs();
    const orphanDir = path.join(
      runtime.dataDir,
      "media",
      "files",
      "0190a0a0-0000-7000-8000-000000000001",
    );
    fs.mkdirSync(orphanDir, { recursive: true });
    fs.writeFileSync(path.join(orphanDir, "display.jpg"), "left by a crash");
    const scratch = path.join(runtime.dataDir, "tmp", "uploads", "stale");
    fs.mkdirSync(path.dirname(scratch), { recursive: true });
    fs.writeFileSync(scratch, "half an upload");
    const old = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(path.join(orphanDir, "display.jpg"), old, old);
    fs.utimesSync(scratch, old, old);

    const soon = await sweepMedia(runtime.ctx);
    assert.equal(soon.unattached, 0, "a fresh upload is kept");
    assert.equal(soon.orphanFiles, 1);
    assert.equal(soon.scratch, 1);
    assert.ok(!fs.existsSync(path.join(orphanDir, "display.jpg")));

    const tomorrow = { ...runtime.ctx, now: () => new Date(Date.now() + 2 * 86_400_000) };
    const later = await sweepMedia(tomorrow);
    assert.ok(later.unattached >= 1);
    assert.equal((await mediaRows(runtime)).filter((r) => r.id === id).length, 0);
    assert.deepEqual(
      storedFiles(runtime).filter((file) => file.includes(id)),
      [],
    );
    const attached = (await mediaRows(runtime)).filter((r) => r.entry_id !== null);
    assert.ok(attached.length > 0, "media on entries stay");
  });
});
