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
  await db.insert(jobs).values({
    id,
    kind,
    payload,
    runAt: options.runAt ?? sql`now()`,
    maxAttempts: options.maxAttempts ?? 8,
  });
  await db.execute(sql`select pg_notify(${CHANNEL}, ${kind})`);
  return id;
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

/** Takes one due job (or one whose worker died mid-run) and leases it. */
async function claim(db: Executor): Promise<Job | null> {
  const rows = await db.execute<{
    id: string;
    kind: string;
    payload: unknown;
    attempts: number;
    max_attempts: number;
  }>(sql`
    update jobs set state = 'running', attempts = attempts + 1,
      lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
    where id = (
      select id from jobs
      where (state = 'pending' and run_at <= now())
         or (state = 'running' and lease_until < now())
      order by run_at
      limit 1
      for update skip locked
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
): Promise<boolean> {
  const job = await claim(db);
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
 */
export async function startWorker(options: {
  db: Executor;
  sql: postgres.Sql;
  handlers: JobHandlers;
  log: Logger;
  pollMs?: number;
}): Promise<Worker> {
  const { db, handlers, log } = options;
  let stopping = false;
  let wake: (() => void) | null = null;
  const listener = await options.sql.listen(CHANNEL, () => wake?.());
  const loop = (async () => {
    while (!stopping) {
      try {
        while (!stopping && (await runOneJob(db, handlers, log))) {}
      } catch (error) {
        log.error("The job worker could not reach the database: {error}", { error });
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await listener.unlisten();
    },
  };
}
