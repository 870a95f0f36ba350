import { and, eq, or, type SQL, sql } from "drizzle-orm";
import { entries } from "../db/schema/entries.ts";
import type { Viewer } from "./viewer.ts";

/**
 * How the viewer reaches an entry:
 * - "listing": it would appear in a list (profile, tag page, feed, search);
 * - "direct": the viewer holds its link (permalink, edit page).
 */
export type Access = "listing" | "direct";

/**
 * THE authorization rule for entries. Every channel that shows entries (pages,
 * feeds, API, federation, search, exports) filters with this predicate inside
 * its SQL query, so there is exactly one place that decides who sees what.
 *
 * - The author sees every published entry of theirs in lists, and drafts and
 *   scheduled ones by direct link (their journal asks for "direct").
 * - Others see published entries only:
 *   public: anyone, anywhere;
 *   unlisted: anyone holding the link, never in lists;
 *   followers: accepted followers of the author;
 *   private: nobody else.
 */
export function entryVisibleTo(viewer: Viewer, access: Access): SQL {
  const published = eq(entries.status, "published");
  const forEveryone =
    access === "direct"
      ? or(eq(entries.audience, "public"), eq(entries.audience, "unlisted"))!
      : eq(entries.audience, "public");
  if (viewer.actorId === null) return and(published, forEveryone)!;
  const isFollower = sql`exists (select 1 from follows f where f.followed_id = ${entries.authorId}
    and f.follower_id = ${viewer.actorId} and f.state = 'accepted')`;
  const byViewer = eq(entries.authorId, viewer.actorId);
  return or(
    access === "direct" ? byViewer : and(byViewer, published),
    and(published, or(forEveryone, and(eq(entries.audience, "followers"), isFollower))),
  )!;
}
