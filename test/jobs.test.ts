import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "drizzle-orm";
import { SWEEP_JOB } from "../src/domain/media/job-names.ts";
import {
  backoffSeconds,
  drainJobs,
  enqueue,
  forgetFinishedJobs,
  runOneJob,
} from "../src/jobs/queue.ts";
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

  describe("finished jobs are forgotten", () => {
    /** A job of kind `kind` in `state`, finished `ago` ago (null: not finished). */
    const jobFinished = async (kind: string, state: string, ago: string | null) => {
      const [row] = await runtime.database.sql<{ id: string }[]>`insert into jobs
        (id, kind, payload, state, created_at, finished_at)
        values (gen_random_uuid(), ${kind}, '{}', ${state}, now() - interval '40 days',
          ${ago === null ? null : runtime.database.sql`now() - ${ago}::interval`})
        returning id`;
      return row!.id;
    };
    const remaining = async (kind: string) =>
      (await runtime.database.sql`select 1 from jobs where kind = ${kind}`).length;

    it("done ones after a day, failed ones after a month; unfinished ones stay", async () => {
      const oldDone = await jobFinished("housekeeping", "done", "2 days");
      const newDone = await jobFinished("housekeeping", "done", "1 hour");
      const newFailed = await jobFinished("housekeeping", "failed", "2 days");
      const oldFailed = await jobFinished("housekeeping", "failed", "40 days");
      const pending = await jobFinished("housekeeping", "pending", null);
      const running = await jobFinished("housekeeping", "running", null);
      // More old ones than one batch deletes.
      await runtime.database.sql`insert into jobs (id, kind, payload, state, finished_at)
        select gen_random_uuid(), 'housekeeping-bulk', '{}', 'done', now() - interval '3 days'
        from generate_series(1, 5003)`;

      assert.equal(await forgetFinishedJobs(runtime.ctx.db, new Date()), 5005);
      const left = await runtime.database.sql<{ id: string }[]>`select id from jobs
        where kind = 'housekeeping' order by id`;
      assert.deepEqual(
        left.map((row) => row.id),
        [newDone, newFailed, pending, running].sort(),
      );
      assert.ok(![oldDone, oldFailed].some((id) => left.some((row) => row.id === id)));
      assert.equal(await remaining("housekeeping-bulk"), 0);
    });

    it("by the six-hourly sweep", async () => {
      await jobFinished("housekeeping-swept", "done", "2 days");
      await enqueue(runtime.ctx.db, SWEEP_JOB, {});
      await runtime.drainJobs();
      assert.equal(await remaining("housekeeping-swept"), 0);
      const [next] = await runtime.database.sql<{ later: boolean }[]>`select run_at > now() as later
        from jobs where kind = ${SWEEP_JOB} and state = 'pending'`;
      assert.equal(next?.later, true, "the next sweep is queued");
    });
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
