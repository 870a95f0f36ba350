import { z } from "zod";
import { enqueue, forgetFinishedJobs, type JobHandlers } from "../../jobs/queue.ts";
import { forgetOldIdempotencyKeys } from "../api/idempotency.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { PROCESS_JOB, PUBLISH_READY_JOB, SWEEP_JOB } from "./job-names.ts";
import { processMedia } from "./process.ts";
import { publishWhenMediaReady } from "./publish.ts";
import { SWEEP_EVERY_MS, sweepMedia } from "./sweep.ts";

const mediaPayload = z.object({ mediaId: z.string().refine(isUuid) });
const entryPayload = z.object({ entryId: z.string().refine(isUuid) });

/**
 * Background jobs for media: processing, publishing entries once ready, and
 * the sweep, which also does the instance's other housekeeping every six
 * hours (expired Idempotency-Keys, finished jobs).
 */
export function mediaJobHandlers(ctx: Ctx): JobHandlers {
  return {
    [PROCESS_JOB]: async (payload, job) => {
      const parsed = mediaPayload.safeParse(payload);
      if (!parsed.success)
        return ctx.log.warning("Dropping a bad {kind} payload", { kind: PROCESS_JOB });
      await processMedia(ctx, parsed.data.mediaId, job);
    },
    [PUBLISH_READY_JOB]: async (payload) => {
      const parsed = entryPayload.safeParse(payload);
      if (!parsed.success)
        return ctx.log.warning("Dropping a bad {kind} payload", { kind: PUBLISH_READY_JOB });
      await publishWhenMediaReady(ctx, parsed.data.entryId);
    },
    [SWEEP_JOB]: async () => {
      const report = await sweepMedia(ctx);
      ctx.log.info(
        "Media sweep: {unattached} unused uploads, {orphanFiles} orphan files, {scratch} scratch files, {remoteImages} cached remote pictures removed",
        { ...report },
      );
      const keys = await forgetOldIdempotencyKeys(ctx);
      if (keys > 0) ctx.log.info("Forgot {keys} expired Idempotency-Keys", { keys });
      const jobs = await forgetFinishedJobs(ctx.db, ctx.now());
      if (jobs > 0) ctx.log.info("Forgot {jobs} finished jobs", { jobs });
      await enqueue(
        ctx.db,
        SWEEP_JOB,
        {},
        { runAt: new Date(ctx.now().getTime() + SWEEP_EVERY_MS) },
      );
    },
  };
}
