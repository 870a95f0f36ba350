import { sql } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { Viewer } from "../viewer.ts";

/** A post's counts, and what the viewer did to it. */
export interface PostStats {
  likes: number;
  shares: number;
  /** Published local replies and stored remote ones. */
  replies: number;
  liked: boolean;
  shared: boolean;
  bookmarked: boolean;
}

export const NO_STATS: PostStats = Object.freeze({
  likes: 0,
  shares: 0,
  replies: 0,
  liked: false,
  shared: false,
  bookmarked: false,
});

/** Counts and the viewer's own state for posts (entry or remote post ids), in one query. */
export async function postStats(
  ctx: Ctx,
  viewer: Viewer,
  postIds: readonly string[],
): Promise<Map<string, PostStats>> {
  const ids = [...new Set(postIds.filter(isUuid))];
  const stats = new Map<string, PostStats>();
  if (ids.length === 0) return stats;
  const on = (alias: string) =>
    sql.raw(`(${alias}.entry_id = p.id or ${alias}.remote_post_id = p.id)`);
  const mine = (table: string) =>
    viewer.actorId === null
      ? sql`false`
      : sql`exists (select 1 from ${sql.raw(table)} x where ${on("x")} and x.actor_id = ${viewer.actorId})`;
  // Ids were checked as UUIDs: a literal array is safe and one parameter.
  const list = `{${ids.join(",")}}`;
  const rows = await ctx.db.execute<{
    id: string;
    likes: number;
    shares: number;
    replies: number;
    liked: boolean;
    shared: boolean;
    bookmarked: boolean;
  }>(sql`select p.id,
      (select count(*)::int from likes l where ${on("l")}) as likes,
      (select count(*)::int from shares s where ${on("s")}) as shares,
      (select count(*)::int from entries e where e.status = 'published'
        and (e.in_reply_to_entry_id = p.id or e.in_reply_to_remote_id = p.id))
      + (select count(*)::int from remote_posts r
        where r.in_reply_to_entry_id = p.id or r.in_reply_to_remote_id = p.id) as replies,
      ${mine("likes")} as liked,
      ${mine("shares")} as shared,
      ${mine("bookmarks")} as bookmarked
    from unnest(${list}::uuid[]) as p(id)`);
  for (const row of rows) {
    const { id, ...rest } = row;
    stats.set(id, rest);
  }
  return stats;
}
