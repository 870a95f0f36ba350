import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runLanes } from "../src/jobs/lanes.ts";
import { claimJobs, enqueue, enqueueMany, startWorker } from "../src/jobs/queue.ts";
import { logger } from "../src/log.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Resolves once `count` callers are waiting in it at the same time (or fails after `limitMs`). */
function barrier(count: number, limitMs = 30_000) {
  let waiting = 0;
  const all = Promise.withResolvers<void>();
  const timer = setTimeout(
    () => all.reject(new Error(`only ${waiting} of ${count} ran at once`)),
    limitMs,
  );
  return {
    async arrive() {
      if (++waiting >= count) {
        clearTimeout(timer);
        all.resolve();
      }
      await all.promise;
    },
  };
}

describe("federation lanes: jobs leased in groups", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(() => runtime.close());
  const log = logger("test");
  const db = () => runtime.ctx.db;
  const states = async (kind: string) => [
    ...(await runtime.database.sql<{ state: string; n: number }[]>`
      select state, count(*)::int as n from jobs where kind = ${kind} group by state`),
  ];

  it("two workers claiming groups at once never get the same job", async () => {
    await enqueueMany(
      db(),
      "race-claim",
      Array.from({ length: 400 }, (_, i) => ({ i })),
    );
    const claimer = async () => {
      const ids: string[] = [];
      for (;;) {
        const jobs = await claimJobs(db(), 7, { prefix: "race-" });
        if (jobs.length === 0) return ids;
        ids.push(...jobs.map((job) => job.id));
      }
    };
    const [first, second] = await Promise.all([claimer(), claimer()]);
    const all = [...first, ...second];
    assert.equal(all.length, 400, "every job claimed");
    assert.equal(new Set(all).size, 400, "no job handed to both");
    assert.ok(first.length > 0 && second.length > 0, "both claimers got work");
    const [row] = await runtime.database.sql<{ n: number; attempts: number }[]>`
      select count(*)::int as n, max(attempts)::int as attempts from jobs
      where kind = 'race-claim' and state = 'running' and lease_until > now()`;
    assert.equal(row?.n, 400);
    assert.equal(row?.attempts, 1);
  });

  it("a group claim takes expired leases (dead workers' jobs) as well as due ones", async () => {
    await enqueueMany(db(), "lease-orphan", [{ n: 1 }, { n: 2 }]);
    await runtime.database.sql`update jobs set state = 'running', attempts = 1,
      lease_until = now() - interval '1 second' where kind = 'lease-orphan'`;
    await enqueueMany(db(), "lease-fresh", [{ n: 3 }]);
    await enqueueMany(db(), "lease-later", [{ n: 4 }], { runAt: new Date(Date.now() + 60_000) });
    const jobs = await claimJobs(db(), 10, { prefix: "lease-" });
    assert.deepEqual(jobs.map((job) => job.kind).sort(), [
      "lease-fresh",
      "lease-orphan",
      "lease-orphan",
    ]);
    assert.equal(jobs.find((job) => job.kind === "lease-orphan")?.attempts, 2);
  });

  it("two worker processes' lanes run each job exactly once, many at a time", async () => {
    const runs = new Map<number, number>();
    const together = barrier(6);
    const handlers = {
      "fed-lane": async (payload: unknown) => {
        const { i } = payload as { i: number };
        runs.set(i, (runs.get(i) ?? 0) + 1);
        // The first six wait for each other: only lanes running side by side get past.
        if (i < 6) await together.arrive();
      },
    };
    const start = () =>
      startWorker({
        db: db(),
        sql: runtime.database.sql,
        handlers,
        log,
        pollMs: 50,
        lanes: { kindPrefix: "fed-", count: 4 },
      });
    const workers = [await start(), await start()];
    await enqueueMany(
      db(),
      "fed-lane",
      Array.from({ length: 300 }, (_, i) => ({ i })),
    );
    const deadline = Date.now() + 60_000;
    while ((await states("fed-lane")).some((s) => s.state !== "done") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(workers.map((worker) => worker.stop()));
    assert.deepEqual(await states("fed-lane"), [{ state: "done", n: 300 }]);
    assert.equal(runs.size, 300);
    assert.ok(
      [...runs.values()].every((n) => n === 1),
      "no job ran twice",
    );
  });

  it("a hanging job holds one lane; a failing one is retried later; the rest finish", async () => {
    const hang = Promise.withResolvers<void>();
    const handlers = {
      "fed-mixed": async (payload: unknown) => {
        const { what } = payload as { what: string };
        if (what === "hang") await hang.promise;
        if (what === "fail") throw new Error("remote said 500");
      },
    };
    const worker = await startWorker({
      db: db(),
      sql: runtime.database.sql,
      handlers,
      log,
      pollMs: 50,
      lanes: { kindPrefix: "fed-", count: 3 },
    });
    await enqueueMany(db(), "fed-mixed", [
      { what: "hang" },
      { what: "fail" },
      ...Array.from({ length: 50 }, () => ({ what: "ok" })),
    ]);
    const settled = async () => {
      const rows = await states("fed-mixed");
      return rows.find((r) => r.state === "done")?.n === 50;
    };
    const deadline = Date.now() + 60_000;
    while (!(await settled()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows = await runtime.database.sql<{ what: string; state: string; later: boolean }[]>`
      select payload->>'what' as what, state, run_at > now() as later from jobs
      where kind = 'fed-mixed' and payload->>'what' <> 'ok'`;
    hang.resolve();
    await worker.stop();
    assert.deepEqual(
      await states("fed-mixed").then((r) => r.find((s) => s.state === "done")?.n),
      51,
    );
    assert.deepEqual(rows.map((r) => [r.what, r.state, r.later]).sort(), [
      ["fail", "pending", true],
      ["hang", "running", false],
    ]);
  });

  it("claims again at once when lanes free up during a claim, not at the next wake-up", async () => {
    // Jobs finish while a (slower) claim is in flight, as when their writes were shared.
    const due = Array.from({ length: 40 }, (_, i) => ({ id: `job-${i}` }));
    const ran: string[] = [];
    let idledWithJobsLeft = 0;
    let stop = false;
    await runLanes({
      count: 4,
      queue: {
        async claim(limit) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return due.splice(0, limit);
        },
        async run(job) {
          await new Promise((resolve) => setImmediate(resolve));
          ran.push(job.id);
          return null;
        },
        async markDone() {},
        async markFailed() {},
      },
      async idle() {
        if (due.length > 0) idledWithJobsLeft++;
        stop = ran.length === 40;
      },
      stopping: () => stop,
      log,
    });
    assert.equal(ran.length, 40);
    assert.equal(idledWithJobsLeft, 0, "never waited for a wake-up while jobs were due");
  });

  it("leaves the lanes' jobs to them: one hanging there does not hold other jobs", async () => {
    const hang = Promise.withResolvers<void>();
    let plainRan = false;
    const worker = await startWorker({
      db: db(),
      sql: runtime.database.sql,
      handlers: {
        "fed-hang": () => hang.promise,
        plain: async () => {
          plainRan = true;
        },
      },
      log,
      pollMs: 50,
      lanes: { kindPrefix: "fed-", count: 1 },
    });
    await enqueueMany(db(), "fed-hang", [{ n: 1 }, { n: 2 }]);
    // The lane holds the first; the second waits for it, and must not take the main loop.
    const started = Date.now() + 30_000;
    while (!(await states("fed-hang")).some((s) => s.state === "running") && Date.now() < started) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    await enqueue(db(), "plain", {});
    const deadline = Date.now() + 30_000;
    while (!plainRan && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const fed = await states("fed-hang");
    hang.resolve();
    await worker.stop();
    assert.ok(plainRan, "the other job ran while the lane hung");
    assert.deepEqual(fed.map((s) => [s.state, s.n]).sort(), [
      ["pending", 1],
      ["running", 1],
    ]);
  });
});
