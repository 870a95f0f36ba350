import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../src/config.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type MediaStorage, mediaStorage } from "../src/media/storage.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { jpeg, storedFiles, uploadFile } from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { type S3Server, s3Env, startS3 } from "./helpers/s3.ts";

async function keysIn(storage: MediaStorage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  return keys.sort();
}

describe("S3-compatible storage", async () => {
  const started = await startS3();
  if ("missing" in started) {
    console.log(started.missing);
    it("is skipped", (t) => t.skip(started.missing));
    return;
  }
  const server: S3Server = started;
  let runtime: TestRuntime;
  let storage: MediaStorage;
  let member: CurrentUser;
  let client: TestClient;

  before(async () => {
    runtime = await startTestRuntime(s3Env(server));
    storage = mediaStorage(runtime.config);
    member = await makeMember(runtime.ctx, "ada");
    client = await signedInClient(runtime, member);
  });
  after(async () => {
    await runtime.close();
    await server.close();
  });

  it("stores, reads ranges of, lists and removes objects", async () => {
    assert.equal(storage.kind, "s3");
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    await storage.put("probe/a.bin", data, "application/octet-stream");
    const file = path.join(runtime.dataDir, "big.bin");
    fs.writeFileSync(file, data);
    await storage.putFile("probe/b.bin", file, "application/octet-stream", { move: true });
    assert.equal(fs.existsSync(file), false, "moved: the local file is gone");
    assert.deepEqual(await storage.readAll("probe/a.bin"), data);
    const range = await storage.read("probe/b.bin", { start: 10, end: 19 });
    assert.deepEqual(Buffer.from(await new Response(range).arrayBuffer()), data.subarray(10, 20));
    assert.equal((await storage.stat("probe/b.bin"))?.size, 5000);
    assert.deepEqual(await keysIn(storage, "probe/"), ["probe/a.bin", "probe/b.bin"]);
    await storage.remove("probe/a.bin");
    await storage.remove("probe/b.bin");
    assert.deepEqual(await keysIn(storage, "probe/"), []);
    assert.equal(await storage.readAll("probe/a.bin"), null);
    assert.equal(await storage.stat("probe/a.bin"), null);
  });

  it("refuses wrong credentials", async () => {
    const wrong = mediaStorage(
      loadConfig({
        ...s3Env(server),
        S3_ACCESS_KEY_ID: "NOT-A-KEY",
        DATA_DIR: runtime.dataDir,
      }),
    );
    await assert.rejects(
      wrong.put("probe/x.bin", Buffer.from("x"), "text/plain"),
      /S3 PUT probe\/x.bin answered 403/,
    );
  });

  it("processes an upload through the bucket and serves it with ranges; deleting removes it", async () => {
    const response = await uploadFile(client, await jpeg(1600, 1200), "photo.jpg", "image/jpeg");
    assert.equal(response.status, 201);
    const { id } = (await response.json()) as { id: string };
    assert.deepEqual(await keysIn(storage, "incoming/"), [`incoming/${id}`]);
    await runtime.drainJobs();
    assert.deepEqual(
      await keysIn(storage, "incoming/"),
      [],
      "the upload is removed once processed",
    );
    assert.deepEqual(await keysIn(storage, `files/${id}/`), [
      `files/${id}/display.jpg`,
      `files/${id}/original.jpg`,
      `files/${id}/thumb.jpg`,
    ]);
    assert.deepEqual(storedFiles(runtime), [], "nothing on local disk");

    const created = await client.post("/compose", {
      kind: "photo",
      media: id,
      [`alt-${id}`]: "A photo",
      action: "publish",
    });
    assert.equal(created.status, 303);
    const whole = Buffer.from(await (await client.get(`/media/${id}/display.jpg`)).arrayBuffer());
    const part = await client.get(`/media/${id}/display.jpg`, { range: "bytes=20-59" });
    assert.equal(part.status, 206);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), whole.subarray(20, 60));

    const deleted = await client.post(`${created.headers.get("location")}/delete`, {});
    assert.equal(deleted.status, 303);
    assert.deepEqual(await keysIn(storage, `files/${id}/`), []);
  });
});
