import type { Logger } from "@logtape/logtape";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { v7 } from "uuid";
import type { Executor } from "../db/client.ts";
import { jobs } from "../db/schema/jobs.ts";

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

/**
 * Takes one job whose worker died mid-run (lease expired), else the oldest
 * due one, and leases it; with `kindPrefix`, only a job whose kind starts
 * with it. Two probes, each an index range scan that stops at the first
 * row no other worker holds: the cost does not grow with the queue's length
 * (one `OR` over both states made PostgreSQL sort every due row per claim).
 */
async function claim(db: Executor, kindPrefix?: string): Promise<Job | null> {
  const only = kindPrefix ? sql`and starts_with(kind, ${kindPrefix})` : sql``;
  const rows = await db.execute<{
    id: string;
    kind: string;
    payload: unknown;
    attempts: number;
    max_attempts: number;
  }>(sql`
    update jobs set state = 'running', attempts = attempts + 1,
      lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id = coalesce(
      (select id from jobs where state = 'running' and lease_until < now() ${only}
        order by run_at limit 1 for update skip locked),
      (select id from jobs where state = 'pending' and run_at <= now() ${only}
        order by run_at limit 1 for update skip locked)
    )
    returning id, kind, payload, attempts, max_attempts`);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

async function finish(db: Executor, job: Job, error: unknown): Promise<void> {
  if (error === null) {
    await db.execute(
      sql`update jobs set state = 'done', finished_at = now(), lease_until = null, last_error = null where id = ${job.id}`,
    );
    return;
  }
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
  kindPrefix?: string,
): Promise<boolean> {
  const job = await claim(db, kindPrefix);
  if (!job) return false;
  const handler = handlers[job.kind];
  let failure: unknown = null;
  try {
    if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
    await handler(job.payload, job);
  } catch (error) {
    failure = error ?? new Error("unknown failure");
    log.warning("Job {kind} {id} failed (attempt {attempts}): {error}", { ...job, error });
  }
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
 * `lanes` adds loops in this process that take only jobs of one kind
 * prefix: waiting jobs (deliveries to other servers) run side by side, so
 * one slow server does not hold the rest, while everything else (media
 * processing) keeps one job at a time.
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
  const sleepers = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of sleepers) wake();
  };
  const listener = await options.sql.listen(CHANNEL, wakeAll);
  const run = async (kindPrefix?: string) => {
    while (!stopping) {
      try {
        while (!stopping && (await runOneJob(db, handlers, log, kindPrefix))) {}
      } catch (error) {
        log.error("The job worker could not reach the database: {error}", { error });
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, options.pollMs ?? 1000);
        sleepers.add(wake);
      });
    }
  };
  const lanes = options.lanes;
  const loops = [run(), ...Array.from({ length: lanes?.count ?? 0 }, () => run(lanes?.kindPrefix))];
  return {
    async stop() {
      stopping = true;
      wakeAll();
      await Promise.all(loops);
      await listener.unlisten();
    },
  };
}
