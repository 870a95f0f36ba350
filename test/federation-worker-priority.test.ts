import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { ConfigError, loadConfig } from "../src/config.ts";
import { spawnWorkerProcess, type WorkerProcess, waitFor } from "./helpers/federation-faults.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** The nice value of a process, from /proc (field 19 of stat). */
function niceOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  } catch {
    return null;
  }
}

describe("worker processes give web requests the CPU first (WORKER_NICE)", () => {
  let runtime: TestRuntime;
  let worker: WorkerProcess | null = null;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(async () => {
    await worker?.kill();
    await runtime.close();
  });

  it("reads WORKER_NICE: 10 by default, 0 to 19, anything else refused", () => {
    assert.equal(loadConfig({}).workerNice, 10);
    assert.equal(loadConfig({ WORKER_NICE: "0" }).workerNice, 0);
    assert.equal(loadConfig({ WORKER_NICE: "19" }).workerNice, 19);
    assert.throws(() => loadConfig({ WORKER_NICE: "20" }), ConfigError);
    assert.throws(() => loadConfig({ WORKER_NICE: "-5" }), ConfigError);
  });

  it("a worker process lowers its own priority when it starts", async () => {
    if (!fs.existsSync("/proc/self/stat")) return;
    const own = niceOf(process.pid) ?? 0;
    worker = spawnWorkerProcess({
      DATA_DIR: runtime.dataDir,
      DATABASE_URL: runtime.database.url,
      WORKER_NICE: "7",
    });
    const pid = worker.child.pid ?? 0;
    // Niceness only goes up from what the process inherited (no privilege needed).
    const expected = Math.min(19, Math.max(own, 7));
    await waitFor("the worker's priority", () => niceOf(pid) === expected, 30_000);
    assert.equal(niceOf(pid), expected);
  });
});
