import { sql } from "drizzle-orm";
import type { Viewer } from "../viewer.ts";

/**
 * A post's counts (likes, shares, public replies) and the viewer's own flags
 * (liked, shared, bookmarked), as columns of the query that loads posts:
 * `column` is "entry_id" or "remote_post_id", `idSql` the post's id column.
 */
export function statsColumns(viewer: Viewer, column: "entry_id" | "remote_post_id", idSql: string) {
  const id = sql.raw(idSql);
  const col = sql.raw(column);
  const mine = (table: string) =>
    viewer.actorId === null
      ? sql<boolean>`false`
      : sql<boolean>`exists (select 1 from ${sql.raw(table)} x where x.${col} = ${id}
          and x.actor_id = ${viewer.actorId})`;
  const replyColumn = sql.raw(
    column === "entry_id" ? "in_reply_to_entry_id" : "in_reply_to_remote_id",
  );
  return {
    likesCount: sql<number>`(select count(*) from likes x where x.${col} = ${id})`.mapWith(Number),
    sharesCount: sql<number>`(select count(*) from shares x where x.${col} = ${id})`.mapWith(
      Number,
    ),
    repliesCount: sql<number>`((select count(*) from entries r where r.${replyColumn} = ${id}
        and r.status = 'published' and r.audience in ('public', 'unlisted'))
      + (select count(*) from remote_posts r where r.${replyColumn} = ${id}
        and r.audience in ('public', 'unlisted')))`.mapWith(Number),
    liked: mine("likes"),
    shared: mine("shares"),
    bookmarked: mine("bookmarks"),
  };
}
