import type { JobHandlers } from "../jobs/queue.ts";
import type { Ctx } from "./context.ts";
import { entryJobHandlers } from "./entries/jobs.ts";
import { mediaJobHandlers } from "./media/jobs.ts";
import { reflectionJobHandlers } from "./reflection/nudges.ts";

/** Every kind of background job the domain defines, bound to one context. */
export function jobHandlers(ctx: Ctx): JobHandlers {
  return { ...entryJobHandlers(ctx), ...mediaJobHandlers(ctx), ...reflectionJobHandlers(ctx) };
}
