import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { mediaRows, mediaScratch, storedFiles, testVideo, uploadFile } from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { childEnv, childrenOf, NODE, ROOT, waitUntilGone } from "./helpers/server.ts";

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** Waits (bounded) for a condition checked every 50 ms; throws with `what` when it never holds. */
async function until<T>(
  what: string,
  check: () => T | null | Promise<T | null>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe("a worker killed mid-transcode", () => {
  let runtime: TestRuntime;
  let member: CurrentUser;
  let client: TestClient;
  let scratch: string;

  before(async () => {
    runtime = await startTestRuntime();
    member = await makeMember(runtime.ctx, "ada");
    client = await signedInClient(runtime, member);
    scratch = mediaScratch();
  });
  after(async () => {
    await runtime.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("leaves a job that completes on restart, with nothing duplicated", async () => {
    // MPEG-4 Part 2 in Matroska: browsers do not play it, so it is transcoded (for a while).
    const video = testVideo(scratch, "long.mkv", 20, "1280x720", [
      "-c:v",
      "mpeg4",
      "-q:v",
      "8",
      "-c:a",
      "mp2",
    ]);
    const response = await uploadFile(client, video, "build.mkv", "video/x-matroska");
    assert.equal(response.status, 201);
    const { id } = (await response.json()) as { id: string };

    const worker = spawn(NODE, ["test/helpers/media-worker.ts"], {
      cwd: ROOT,
      env: childEnv({
        DATA_DIR: runtime.dataDir,
        DATABASE_URL: runtime.database.url,
        LOG_LEVEL: "error",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout.on("data", (chunk) => (output += chunk));
    worker.stderr.on("data", (chunk) => (output += chunk));
    const workerPid = worker.pid!;
    // The transcode is under way once the worker's ffmpeg writes H.264.
    const ffmpegPid = await until(
      `the worker's ffmpeg (output so far: ${output})`,
      () => childrenOf(workerPid).find((pid) => commandLine(pid).includes("libx264")) ?? null,
    );
    // A crash takes the worker and its ffmpeg down together.
    process.kill(workerPid, "SIGKILL");
    process.kill(ffmpegPid, "SIGKILL");
    assert.ok(await waitUntilGone(workerPid));
    assert.ok(await waitUntilGone(ffmpegPid));

    const [running] = await runtime.database.sql<{ state: string; attempts: number }[]>`
      select state, attempts from jobs where kind = 'process-media' and payload->>'mediaId' = ${id}`;
    assert.deepEqual(
      [running?.state, running?.attempts],
      ["running", 1],
      "the job was cut off mid-run",
    );
    assert.equal((await mediaRows(runtime)).find((r) => r.id === id)?.state, "processing");

    // Its lease runs out (5 minutes, or the heartbeat's last extension): what time would do.
    await runtime.database
      .sql`update jobs set lease_until = now() - interval '1 second' where state = 'running'`;
    // A worker starting again takes it over.
    assert.ok((await runtime.drainJobs()) >= 1);

    const [done] = await runtime.database.sql<{ state: string; attempts: number }[]>`
      select state, attempts from jobs where kind = 'process-media' and payload->>'mediaId' = ${id}`;
    assert.deepEqual([done?.state, done?.attempts], ["done", 2]);
    const rows = (await mediaRows(runtime)).filter((r) => r.id === id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.state, "ready");
    assert.equal(rows[0]?.probe?.transcoded, true);
    assert.deepEqual(
      storedFiles(runtime).filter((file) => !file.startsWith("avatars")),
      [path.join("files", id, "poster.jpg"), path.join("files", id, "video.mp4")],
      "one video and one poster: the first attempt's output was replaced, the upload removed",
    );
  });
});
