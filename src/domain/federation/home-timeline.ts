import { and, inArray, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import { type EntryView, pageOfEntries } from "../entries/view-model.ts";
import type { CurrentUser } from "../viewer.ts";
import { type RemotePostView, remotePostsByIds } from "./remote-profile.ts";

export const HOME_PAGE_SIZE = 20;

/** One item of the home timeline: an entry of ours or a remote post. */
export type HomeItem =
  | { kind: "entry"; entry: EntryView }
  | { kind: "remote"; post: RemotePostView };

export interface HomePage {
  items: HomeItem[];
  nextCursor: string | null;
}

/**
 * The member's home: their own entries, those of local members they follow
 * (through `entryVisibleTo`, the one rule) and the posts of remote accounts
 * they follow, strictly newest first. One keyset over both sources: ids are
 * UUIDs, unique across both tables, so (time, id) orders them totally.
 */
export async function homeTimeline(
  ctx: Ctx,
  member: CurrentUser,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<HomePage> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? HOME_PAGE_SIZE)), 100);
  const position = decodeCursor(options.cursor);
  const after = (at: unknown, id: unknown) =>
    position
      ? sql`and (${at}, ${id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
      : sql``;
  const followed = sql`(select f.followed_id from follows f
    where f.follower_id = ${member.actorId} and f.state = 'accepted')`;
  // Milliseconds, as the cursor keeps them (received_at has microseconds).
  const remoteAt = sql`coalesce(rp.published_at, date_trunc('milliseconds', rp.received_at))`;
  const rows = await ctx.db.execute<{ at: string | Date; id: string; source: string }>(sql`
    select * from (
      select ${entries.publishedAt} as at, ${entries.id} as id, 'entry' as source from ${entries}
      where (${entries.authorId} = ${member.actorId} or ${entries.authorId} in ${followed})
        and ${entryVisibleTo(member, "listing")} and ${entries.publishedAt} is not null
        ${after(entries.publishedAt, entries.id)}
      union all
      select ${remoteAt} as at, rp.id as id, 'remote' as source from remote_posts rp
      where rp.author_id in ${followed} and rp.audience <> 'direct'
        ${after(remoteAt, sql`rp.id`)}
    ) home
    order by at desc, id desc
    limit ${limit + 1}`);
  const list = [...rows];
  const shown = list.slice(0, limit);
  const entryIds = shown.filter((r) => r.source === "entry").map((r) => r.id);
  const remoteIds = shown.filter((r) => r.source === "remote").map((r) => r.id);
  const [entryPage, posts] = await Promise.all([
    entryIds.length === 0
      ? { entries: [] }
      : pageOfEntries(ctx, {
          // The rule again, so loading by id can never show more than the list did.
          where: and(inArray(entries.id, entryIds), entryVisibleTo(member, "listing"))!,
          sort: "published",
          limit: entryIds.length,
        }),
    remotePostsByIds(ctx, remoteIds),
  ]);
  const entryById = new Map(entryPage.entries.map((e) => [e.id, e]));
  const postById = new Map(posts.map((p) => [p.id, p]));
  const items = shown.flatMap((row): HomeItem[] => {
    const entry = entryById.get(row.id);
    if (row.source === "entry") return entry ? [{ kind: "entry", entry }] : [];
    const post = postById.get(row.id);
    return post ? [{ kind: "remote", post }] : [];
  });
  const last = shown.at(-1);
  return {
    items,
    nextCursor:
      list.length > limit && last ? encodeCursor({ at: new Date(last.at), id: last.id }) : null,
  };
}
