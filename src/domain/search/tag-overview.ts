import { and, desc, eq, ne, sql } from "drizzle-orm";
import { entries, entryTags } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { tagKey } from "../tags.ts";
import type { Viewer } from "../viewer.ts";
import { countMatches, type Total } from "./entries.ts";
import { NEWEST } from "./pages.ts";

/** A tag seen with another, and on how many entries (of those looked at). */
export interface RelatedTag {
  tag: string;
  display: string;
  count: number;
}

export interface TagOverview {
  /** Entries with the tag the viewer may see, counted up to 1,000. */
  total: Total;
  /** Tags on the same entries, most shared first. */
  related: RelatedTag[];
  /** Related tags come from the newest RELATED_SAMPLE entries only (there are more). */
  sampled: boolean;
}

export const RELATED_SAMPLE = 1000;
const TAG_COUNT_CAP = 1000;

function hasTag(tag: string) {
  return sql`exists (select 1 from ${entryTags} where ${entryTags.entryId} = ${entries.id}
    and ${entryTags.tag} = ${tag})`;
}

/**
 * For a tag page: how many entries carry the tag and which tags appear beside
 * it (co-occurrence), both counted over entries the viewer may see, so a tag
 * used on someone's private entries never shows up for anyone else.
 */
export async function tagOverview(
  ctx: Ctx,
  viewer: Viewer,
  name: string,
  limit = 12,
): Promise<TagOverview> {
  const tag = tagKey(name);
  const visible = and(entryVisibleTo(viewer, "listing"), hasTag(tag))!;
  const newest = ctx.db
    .select({ id: entries.id })
    .from(entries)
    .where(visible)
    .orderBy(...NEWEST)
    .limit(RELATED_SAMPLE)
    .as("newest");
  const [total, related] = await Promise.all([
    countMatches(ctx, visible, TAG_COUNT_CAP),
    ctx.db
      .select({
        tag: entryTags.tag,
        display: sql<string>`min(${entryTags.display})`,
        count: sql<number>`count(*)::int`,
      })
      .from(newest)
      .innerJoin(entryTags, eq(entryTags.entryId, newest.id))
      .where(ne(entryTags.tag, tag))
      .groupBy(entryTags.tag)
      .orderBy(desc(sql`count(*)`), entryTags.tag)
      .limit(limit),
  ]);
  return { total, related, sampled: total.count > RELATED_SAMPLE };
}
