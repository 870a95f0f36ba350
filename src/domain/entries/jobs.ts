import { z } from "zod";
import type { JobHandlers } from "../../jobs/queue.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { PUBLISH_JOB, publishScheduled } from "./store.ts";

const publishPayload = z.object({
  entryId: z.string().refine(isUuid),
  scheduledAt: z.iso.datetime(),
});

/** Background jobs for entries (scheduled publishing). */
export function entryJobHandlers(ctx: Ctx): JobHandlers {
  return {
    [PUBLISH_JOB]: async (payload) => {
      const parsed = publishPayload.safeParse(payload);
      if (!parsed.success) {
        ctx.log.warning("Dropping a publish-entry job with a bad payload: {payload}", { payload });
        return;
      }
      const outcome = await publishScheduled(ctx, parsed.data);
      // Woken before its time (clocks differ between hosts): fail so the queue retries later.
      if (outcome === "not-due") throw new Error("The entry is not due yet");
    },
  };
}
