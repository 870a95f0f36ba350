import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { backoffSeconds, drainJobs, enqueue, runOneJob } from "../src/jobs/queue.ts";
import { logger } from "../src/log.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("the durable job queue", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(() => runtime.close());
  const log = logger("test");

  async function stateOf(id: string) {
    const rows = await runtime.database
      .sql`select state, attempts, last_error, run_at > now() as later from jobs where id = ${id}`;
    return rows[0]!;
  }

  it("runs a due job once and marks it done", async () => {
    const seen: unknown[] = [];
    const id = await enqueue(runtime.ctx.db, "record", { n: 1 });
    const ran = await drainJobs(runtime.ctx.db, { record: async (p) => void seen.push(p) }, log);
    assert.equal(ran, 1);
    assert.deepEqual(seen, [{ n: 1 }]);
    assert.equal((await stateOf(id)).state, "done");
  });

  it("does not run a job before its time", async () => {
    const id = await enqueue(runtime.ctx.db, "later", {}, { runAt: new Date(Date.now() + 60_000) });
    assert.equal(await runOneJob(runtime.ctx.db, { later: async () => {} }, log), false);
    assert.equal((await stateOf(id)).state, "pending");
    await runtime.database.sql`delete from jobs where id = ${id}`;
  });

  it("retries a failing job later with backoff, then marks it failed", async () => {
    const id = await enqueue(runtime.ctx.db, "flaky", {}, { maxAttempts: 2 });
    const failing = { flaky: async () => Promise.reject(new Error("remote down")) };
    assert.equal(await runOneJob(runtime.ctx.db, failing, log), true);
    let state = await stateOf(id);
    assert.equal(state.state, "pending");
    assert.equal(state.attempts, 1);
    assert.equal(state.last_error, "remote down");
    assert.equal(state.later, true);
    await runtime.database.sql`update jobs set run_at = now() where id = ${id}`;
    await runOneJob(runtime.ctx.db, failing, log);
    state = await stateOf(id);
    assert.equal(state.state, "failed");
    assert.equal(state.attempts, 2);
    assert.ok(backoffSeconds(1) < backoffSeconds(2));
    assert.equal(backoffSeconds(50), 3600);
  });

  it("takes back a job whose worker died mid-run (lease expired)", async () => {
    const id = await enqueue(runtime.ctx.db, "orphan", {});
    await runtime.ctx.db.execute(
      sql`update jobs set state = 'running', attempts = 1, lease_until = now() - interval '1 second' where id = ${id}`,
    );
    let ran = 0;
    await drainJobs(runtime.ctx.db, { orphan: async () => void ran++ }, log);
    assert.equal(ran, 1);
    assert.equal((await stateOf(id)).state, "done");
  });

  it("a job enqueued in a rolled-back transaction never exists", async () => {
    await assert.rejects(
      runtime.database.db.transaction(async (tx) => {
        await enqueue(tx, "ghost", {});
        throw new Error("roll back");
      }),
    );
    const rows = await runtime.database.sql`select 1 from jobs where kind = 'ghost'`;
    assert.equal(rows.length, 0);
  });

  it("a started worker picks up new jobs as they are committed", async () => {
    const done = Promise.withResolvers<unknown>();
    const { startWorker } = await import("../src/jobs/queue.ts");
    const worker = await startWorker({
      db: runtime.ctx.db,
      sql: runtime.database.sql,
      handlers: { ping: async (p) => done.resolve(p) },
      log,
      pollMs: 60_000,
    });
    await enqueue(runtime.ctx.db, "ping", { hello: "worker" });
    assert.deepEqual(await done.promise, { hello: "worker" });
    await worker.stop();
  });
});
