import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/open.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

// Worker processes commit without waiting for the WAL flush; everything else
// waits (docs/adr/0028-workers-commit-asynchronously.md).
describe("synchronous_commit by process role", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(async () => {
    await runtime?.close();
  });

  const settingFor = async (env: Record<string, string>) => {
    const config = loadConfig({
      DATABASE_URL: runtime.database.url,
      DATA_DIR: runtime.dataDir,
      ...env,
    });
    const database = await openDatabase(config, { migrate: false, max: 1 });
    try {
      const [row] = await database.sql<{ setting: string }[]>`
        select current_setting('synchronous_commit') as setting`;
      return row?.setting;
    } finally {
      await database.close();
    }
  };

  it("is off for a worker process, and on for web and all-in-one processes", async () => {
    assert.equal(await settingFor({ OUTLOUD_ROLE: "worker" }), "off");
    assert.equal(await settingFor({ OUTLOUD_ROLE: "web" }), "on");
    assert.equal(await settingFor({ OUTLOUD_ROLE: "all" }), "on");
  });

  it("stays on for a worker when WORKER_ASYNC_COMMIT=false", async () => {
    assert.equal(await settingFor({ OUTLOUD_ROLE: "worker", WORKER_ASYNC_COMMIT: "false" }), "on");
  });
});
