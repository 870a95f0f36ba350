import type { Ctx } from "../context.ts";
import type { EntryView } from "../entries/view-model.ts";
import { memberSkills, type SkillSummary } from "../skills/views.ts";
import type { Viewer } from "../viewer.ts";
import { pinnedFor } from "./pins.ts";
import { memberPortfolios, type PortfolioSummary } from "./views.ts";

/** What the profile page shows above the entries: pins, portfolios, skills. */
export interface Showcase {
  pinned: EntryView[];
  portfolios: PortfolioSummary[];
  skills: SkillSummary[];
}

/** The member's showcase as this viewer may see it (three small queries, run together). */
export async function profileShowcase(
  ctx: Ctx,
  viewer: Viewer,
  actorId: string,
): Promise<Showcase> {
  const [pinned, portfolios, skills] = await Promise.all([
    pinnedFor(ctx, viewer, actorId),
    memberPortfolios(ctx, viewer, actorId, 12),
    memberSkills(ctx, viewer, actorId),
  ]);
  return { pinned, portfolios, skills };
}
