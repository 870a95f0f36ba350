import type { JobHandlers } from "../../jobs/queue.ts";
import type { Ctx } from "../context.ts";

/** Background jobs for entries (scheduled publishing). */
export function entryJobHandlers(_ctx: Ctx): JobHandlers {
  return {};
}
