import { enqueue } from "../../jobs/queue.ts";
import type { Ctx } from "../context.ts";
import type { KvTtl } from "./kv.ts";

/** The job kind carrying one of Fedify's queued messages (fan-out, outbox, inbox). */
export const FEDIFY_MESSAGE_JOB = "federation-message";

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
  return {
    /** Fedify re-enqueues failed deliveries itself, with its own backoff. */
    nativeRetrial: false,
    async enqueue(message: unknown, options?: { delay?: KvTtl }): Promise<void> {
      await enqueue(ctx.db, FEDIFY_MESSAGE_JOB, message, {
        runAt: runAt(options?.delay),
        maxAttempts: 1,
      });
    },
    async enqueueMany(messages: readonly unknown[], options?: { delay?: KvTtl }): Promise<void> {
      for (const message of messages) await this.enqueue(message, options);
    },
    /** Never started (manuallyStartQueue): our job worker runs the messages. */
    async listen(_handler: unknown, options?: { signal?: AbortSignal }): Promise<void> {
      const signal = options?.signal;
      if (!signal || signal.aborted) return;
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    },
  };
}
