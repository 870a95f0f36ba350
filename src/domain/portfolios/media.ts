import { eq } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { portfolios } from "../../db/schema/portfolios.ts";
import { entryInPortfolioVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { type MediaFile, mediaFileFor } from "../media/index.ts";
import type { Viewer } from "../viewer.ts";
import { portfolioAt } from "./views.ts";

/**
 * A media file of an entry shown in a portfolio, for someone who sees it
 * through the portfolio (`/@handle/portfolios/<slug>/media/…`, or under a
 * share link): an entry less visible than the portfolio has its photos
 * served here, by the same rule as its text.
 */
export async function portfolioMediaFile(
  ctx: Ctx,
  viewer: Viewer,
  handle: string,
  slug: string,
  id: string,
  file: string,
): Promise<MediaFile | null> {
  const [row] = await ctx.db
    .select({ id: portfolios.id })
    .from(portfolios)
    .innerJoin(actors, eq(actors.id, portfolios.ownerId))
    .where(portfolioAt(viewer, handle, slug, "direct"))
    .limit(1);
  if (!row) return null;
  return mediaFileFor(ctx, viewer, id, file, entryInPortfolioVisibleTo(viewer, row.id));
}
