import { AsyncLocalStorage } from "node:async_hooks";
import type { Executor } from "../../db/client.ts";
import { enqueue, enqueueMany } from "../../jobs/queue.ts";
import type { Ctx } from "../context.ts";
import type { KvTtl } from "./kv.ts";

/** The job kind carrying one of Fedify's queued messages (fan-out, outbox, inbox). */
export const FEDIFY_MESSAGE_JOB = "federation-message";

/**
 * Where Fedify's messages are written while `enqueueingWith` runs: the
 * transaction of a delivery batch, so the batch's per-inbox messages and the
 * batch's progress commit together (src/domain/federation/delivery-batches.ts).
 */
const enqueueScope = new AsyncLocalStorage<Executor>();

/** Runs `work` with every Fedify message it enqueues written through `db`. */
export function enqueueingWith<T>(db: Executor, work: () => Promise<T>): Promise<T> {
  return enqueueScope.run(db, work);
}

/**
 * Fedify's message queue on our own job queue (the shape of its
 * `MessageQueue`): each message is a job row, so it is durable, leased with
 * SKIP LOCKED, shared by every worker process, and drained in tests like any
 * other job. The federation layer registers the handler that hands a message
 * back to Fedify (`src/federation/jobs.ts`); Fedify itself never listens.
 */
export function postgresMessageQueue(ctx: Ctx) {
  const runAt = (delay?: KvTtl) =>
    delay ? new Date(ctx.now().getTime() + delay.total("millisecond")) : undefined;
  const db = () => enqueueScope.getStore() ?? ctx.db;
  return {
    /** Fedify re-enqueues failed deliveries itself, with its own backoff. */
    nativeRetrial: false,
    async enqueue(message: unknown, options?: { delay?: KvTtl }): Promise<void> {
      await enqueue(db(), FEDIFY_MESSAGE_JOB, message, {
        runAt: runAt(options?.delay),
        maxAttempts: 1,
      });
    },
    /** One delivery message per inbox, written with multi-row inserts. */
    async enqueueMany(messages: readonly unknown[], options?: { delay?: KvTtl }): Promise<void> {
      await enqueueMany(db(), FEDIFY_MESSAGE_JOB, messages, {
        runAt: runAt(options?.delay),
        maxAttempts: 1,
      });
    },
    /** Never started (manuallyStartQueue): our job worker runs the messages. */
    async listen(_handler: unknown, options?: { signal?: AbortSignal }): Promise<void> {
      const signal = options?.signal;
      if (!signal || signal.aborted) return;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    },
  };
}
