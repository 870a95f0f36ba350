import type { Logger } from "@logtape/logtape";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { v7 } from "uuid";
import type { Executor } from "../db/client.ts";
import { jobs } from "../db/schema/jobs.ts";
import { runLanes } from "./lanes.ts";

const CHANNEL = "outloud_jobs";

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
}

/**
 * Adds a job in the caller's transaction: it exists exactly when the change
 * that caused it commits. Workers are woken by NOTIFY, sent at commit.
 */
export async function enqueue(
  db: Executor,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<string> {
  const id = v7();
  // Insert and NOTIFY in one statement: one round trip (an inbox POST pays it).
  const runAt = options.runAt ? sql`${options.runAt.toISOString()}::timestamptz` : sql`now()`;
  await db.execute(sql`with queued as (
      insert into jobs (id, kind, payload, run_at, max_attempts)
      values (${id}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${runAt}, ${options.maxAttempts ?? 8})
      returning kind)
    select pg_notify(${CHANNEL}, kind) from queued`);
  return id;
}

/**
 * Adds several jobs of one kind with multi-row inserts (all or none inside
 * the caller's transaction) and wakes the workers once: a fan-out of
 * thousands of deliveries costs a few round trips, not thousands.
 */
export async function enqueueMany(
  db: Executor,
  kind: string,
  payloads: readonly unknown[],
  options: EnqueueOptions = {},
): Promise<void> {
  if (payloads.length === 0) return;
  const runAt = options.runAt ?? sql`now()`;
  const maxAttempts = options.maxAttempts ?? 8;
  // 5 parameters a row: chunks stay far below PostgreSQL's 65,535.
  for (let start = 0; start < payloads.length; start += 1000) {
    const chunk = payloads.slice(start, start + 1000);
    await db
      .insert(jobs)
      .values(chunk.map((payload) => ({ id: v7(), kind, payload, runAt, maxAttempts })));
  }
  await db.execute(sql`select pg_notify(${CHANNEL}, ${kind})`);
}

export interface Job {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** Seconds to wait before attempt n+1: 5 s, 20 s, 80 s … capped at one hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 5 * 4 ** Math.max(0, attempts - 1));
}

const LEASE_SECONDS = 300;

type JobRow = {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
};

const jobOf = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  payload: row.payload,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
});

/** Which kinds of job a claim takes: those starting with `prefix`, or all but those starting with `exceptPrefix`. */
export interface KindFilter {
  prefix?: string;
  exceptPrefix?: string;
}

/**
 * Leases up to `limit` jobs in ONE statement: those whose worker died
 * (lease expired) first, then the oldest due ones; only the kinds `kinds` names
 * (see `KindFilter`). Each probe is an index range scan that
 * stops after `limit` rows no other worker holds (SKIP LOCKED): two
 * workers claiming at once never get the same row, and the cost does not
 * grow with the queue's length (one `OR` over both states made PostgreSQL
 * sort every due row per claim).
 */
export async function claimJobs(
  db: Executor,
  limit: number,
  kinds: KindFilter = {},
): Promise<Job[]> {
  const only = kinds.prefix
    ? sql`and starts_with(kind, ${kinds.prefix})`
    : kinds.exceptPrefix
      ? sql`and not starts_with(kind, ${kinds.exceptPrefix})`
      : sql``;
  const rows = await db.execute<JobRow>(sql`
    with expired as (
      select id, run_at from jobs where state = 'running' and lease_until < now() ${only}
      order by run_at limit ${limit} for update skip locked
    ), due as (
      select id, run_at from jobs where state = 'pending' and run_at <= now() ${only}
      order by run_at limit ${limit} for update skip locked
    ), taken as (
      select id from expired union all select id from due limit ${limit}
    )
    update jobs set state = 'running', attempts = attempts + 1,
      lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    from taken where jobs.id = taken.id
    returning jobs.id, jobs.kind, jobs.payload, jobs.attempts, jobs.max_attempts`);
  return rows.map(jobOf);
}

/** Takes one due job (see `claimJobs`), maybe leaving the kinds the lanes run to them. */
async function claim(db: Executor, exceptPrefix?: string): Promise<Job | null> {
  return (await claimJobs(db, 1, { exceptPrefix }))[0] ?? null;
}

/** Marks finished jobs done, many in one statement (the lanes finish deliveries in groups). */
export async function markDone(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`update jobs set state = 'done', finished_at = now(), lease_until = null,
    last_error = null where id = any(${sql`array[${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}]::uuid[]`})`);
}

/** How long finished jobs stay: done ones a day, failed ones a month (to find out why). */
const KEEP_DONE_MS = 24 * 3600 * 1000;
const KEEP_FAILED_MS = 30 * 24 * 3600 * 1000;
const FORGET_BATCH = 5000;

/**
 * Deletes jobs finished longer ago than they are kept, a batch at a time so
 * no statement holds many rows. Every received activity and every delivery
 * is a job with its payload: kept for ever, the table would grow by each
 * one (a busy instance's inbox alone adds over a hundred thousand a day).
 */
export async function forgetFinishedJobs(db: Executor, now: Date): Promise<number> {
  const doneBefore = new Date(now.getTime() - KEEP_DONE_MS).toISOString();
  const failedBefore = new Date(now.getTime() - KEEP_FAILED_MS).toISOString();
  let forgotten = 0;
  for (const [state, before] of [
    ["done", doneBefore],
    ["failed", failedBefore],
  ] as const) {
    for (;;) {
      const [row] = await db.execute<{ n: number }>(sql`with gone as (
          delete from jobs where id in (select id from jobs
            where state = ${state} and finished_at < ${before}::timestamptz limit ${FORGET_BATCH})
          returning 1)
        select count(*)::int as n from gone`);
      const n = row?.n ?? 0;
      forgotten += n;
      if (n < FORGET_BATCH) break;
    }
  }
  return forgotten;
}

/** Records a failed run: retried later with backoff, or failed for good after its last attempt. */
async function markFailed(db: Executor, job: Job, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  if (job.attempts >= job.maxAttempts) {
    await db.execute(
      sql`update jobs set state = 'failed', finished_at = now(), lease_until = null, last_error = ${message} where id = ${job.id}`,
    );
  } else {
    await db.execute(sql`update jobs set state = 'pending', lease_until = null, last_error = ${message},
      run_at = now() + make_interval(secs => ${backoffSeconds(job.attempts)}) where id = ${job.id}`);
  }
}

async function finish(db: Executor, job: Job, error: unknown): Promise<void> {
  if (error === null) await markDone(db, [job.id]);
  else await markFailed(db, job, error);
}

/** Runs a leased job's handler; returns its failure, or null when it succeeded. */
async function runHandler(handlers: JobHandlers, log: Logger, job: Job): Promise<unknown> {
  const handler = handlers[job.kind];
  try {
    if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
    await handler(job.payload, job);
    return null;
  } catch (error) {
    log.warning("Job {kind} {id} failed (attempt {attempts}): {error}", { ...job, error });
    return error ?? new Error("unknown failure");
  }
}

/**
 * Keeps a long job's lease (a video transcode can outlast LEASE_SECONDS):
 * while its handler calls this, no other worker takes the job over.
 */
export async function extendLease(db: Executor, jobId: string, seconds = LEASE_SECONDS) {
  await db.execute(sql`update jobs set lease_until = now() + make_interval(secs => ${seconds})
    where id = ${jobId} and state = 'running'`);
}

/** Runs one due job if there is one; returns whether it found one. */
export async function runOneJob(
  db: Executor,
  handlers: JobHandlers,
  log: Logger,
  exceptPrefix?: string,
): Promise<boolean> {
  const job = await claim(db, exceptPrefix);
  if (!job) return false;
  const failure = await runHandler(handlers, log, job);
  await finish(db, job, failure);
  return true;
}

/** Runs jobs until none is due. Tests and the CLI use it to settle the queue. */
export async function drainJobs(db: Executor, handlers: JobHandlers, log: Logger): Promise<number> {
  let count = 0;
  while (await runOneJob(db, handlers, log)) count++;
  return count;
}

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Polls for due jobs and wakes on NOTIFY. Several workers (in several
 * processes) can run at once: SKIP LOCKED hands each job to one of them.
 * `lanes` runs up to `count` jobs of one kind prefix at once beside the
 * main loop (src/jobs/lanes.ts): waiting jobs (deliveries to other servers)
 * run side by side and are leased in groups, so one slow server does not
 * hold the rest, while everything else (media processing) keeps one job at
 * a time. Only the lanes run their kinds: the main loop taking one now and
 * then would hold a lane's job alone and split the groups whose writes the
 * jobs share (src/domain/batched.ts). Its claim skips the lanes' due jobs
 * row by row; the lanes keep those few.
 */
export async function startWorker(options: {
  db: Executor;
  sql: postgres.Sql;
  handlers: JobHandlers;
  log: Logger;
  pollMs?: number;
  lanes?: { kindPrefix: string; count: number };
}): Promise<Worker> {
  const { db, handlers, log } = options;
  let stopping = false;
  const lanes = options.lanes;
  // The lanes' kinds are theirs alone, leased in groups (one job at a time here would race them).
  const lanesPrefix = lanes && lanes.count > 0 ? lanes.kindPrefix : undefined;
  const sleepers = { main: new Set<() => void>(), lanes: new Set<() => void>() };
  const wake = (group: Set<() => void>) => {
    for (const awake of group) awake();
  };
  const wakeAll = () => {
    wake(sleepers.main);
    wake(sleepers.lanes);
  };
  // The payload is the new job's kind: only the loop that runs it wakes.
  const listener = await options.sql.listen(CHANNEL, (kind) =>
    wake(lanesPrefix && kind.startsWith(lanesPrefix) ? sleepers.lanes : sleepers.main),
  );
  const idle = (group: Set<() => void>) =>
    new Promise<void>((resolve) => {
      const awake = () => {
        clearTimeout(timer);
        group.delete(awake);
        resolve();
      };
      const timer = setTimeout(awake, options.pollMs ?? 1000);
      group.add(awake);
    });
  const run = async () => {
    while (!stopping) {
      try {
        while (!stopping && (await runOneJob(db, handlers, log, lanesPrefix))) {}
      } catch (error) {
        log.error("The job worker could not reach the database: {error}", { error });
      }
      if (stopping) break;
      await idle(sleepers.main);
    }
  };
  const loops = [run()];
  if (lanes && lanes.count > 0) {
    loops.push(
      runLanes({
        count: lanes.count,
        queue: {
          claim: (limit) => claimJobs(db, limit, { prefix: lanes.kindPrefix }),
          run: (job) => runHandler(handlers, log, job),
          markDone: (ids) => markDone(db, ids),
          markFailed: (job, failure) => markFailed(db, job, failure),
        },
        idle: () => idle(sleepers.lanes),
        stopping: () => stopping,
        log,
      }),
    );
  }
  return {
    async stop() {
      stopping = true;
      wakeAll();
      await Promise.all(loops);
      await listener.unlisten();
    },
  };
}
