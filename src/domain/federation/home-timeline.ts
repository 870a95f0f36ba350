import { and, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import { type EntryView, pageOfEntries } from "../entries/view-model.ts";
import { idIn } from "../ids.ts";
import { actorSummaries } from "../moderation/actors.ts";
import type { CurrentUser } from "../viewer.ts";
import { type ReplyContext, replyContexts, type TimelineActor } from "./home-context.ts";
import { type RemotePostView, remotePostsByIds } from "./remote-profile.ts";

export const HOME_PAGE_SIZE = 20;

/**
 * One item of the home timeline: an entry of ours or a remote post, with who
 * shared it (a share is an item of its own, placed when it was shared) and
 * what it replies to.
 */
export type HomeItem = (
  | { kind: "entry"; entry: EntryView }
  | { kind: "remote"; post: RemotePostView }
) & {
  sharedBy?: TimelineActor | null;
  replyTo?: ReplyContext | null;
};

export interface HomePage {
  items: HomeItem[];
  nextCursor: string | null;
}

/**
 * The member's home: their own entries, those of local members they follow
 * (through `entryVisibleTo`, the one rule) and the posts of remote accounts
 * they follow, and remote posts a followed account shared, strictly newest
 * first. One keyset over both sources: ids are
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
  // Muted accounts stay out of the home timeline (their permalinks stay readable).
  const notMuted = (author: unknown) => sql`and not exists (select 1 from mutes mu
    where mu.actor_id = ${member.actorId} and mu.target_id = ${author}
      and (mu.expires_at is null or mu.expires_at > ${ctx.now().toISOString()}::timestamptz))`;
  // Milliseconds, as the cursor keeps them (received_at has microseconds).
  const remoteAt = sql`coalesce(rp.published_at, date_trunc('milliseconds', rp.received_at))`;
  const me = sql`(${member.actorId}::uuid)`;
  const rows = await ctx.db.execute<{
    at: string | Date;
    id: string;
    source: string;
    post_id: string;
    sharer_id: string | null;
  }>(sql`
    select * from (
      select ${entries.publishedAt} as at, ${entries.id} as id, 'entry' as source,
        ${entries.id} as post_id, null::uuid as sharer_id from ${entries}
      where (${entries.authorId} = ${member.actorId} or ${entries.authorId} in ${followed})
        and ${entryVisibleTo(member, "listing")} and ${entries.publishedAt} is not null
        ${after(entries.publishedAt, entries.id)} ${notMuted(entries.authorId)}
      union all
      select ${remoteAt} as at, rp.id as id, 'remote' as source, rp.id as post_id,
        null::uuid as sharer_id from remote_posts rp
      where rp.author_id in ${followed} and rp.audience <> 'direct'
        ${after(remoteAt, sql`rp.id`)} ${notMuted(sql`rp.author_id`)}
      union all
      -- Shares by the member and the accounts they follow, when they were shared;
      -- the shared post only when the member may see it (the one rule per kind).
      select date_trunc('milliseconds', s.created_at) as at, s.id as id,
        case when s.entry_id is null then 'remote' else 'entry' end as source,
        coalesce(s.entry_id, s.remote_post_id) as post_id, s.actor_id as sharer_id
      from shares s
      where (s.actor_id = ${me} or s.actor_id in ${followed})
        and (exists (select 1 from ${entries} where ${entries.id} = s.entry_id
              and ${entries.status} = 'published' and ${entryVisibleTo(member, "direct")})
          or exists (select 1 from ${remotePosts} where ${remotePosts.id} = s.remote_post_id
              and ${remotePostVisibleTo(member, "direct")}))
        ${after(sql`date_trunc('milliseconds', s.created_at)`, sql`s.id`)} ${notMuted(sql`s.actor_id`)}
    ) home
    order by at desc, id desc
    limit ${limit + 1}`);
  const list = [...rows];
  const shown = list.slice(0, limit);
  const entryIds = [...new Set(shown.filter((r) => r.source === "entry").map((r) => r.post_id))];
  const remoteIds = [...new Set(shown.filter((r) => r.source === "remote").map((r) => r.post_id))];
  const [entryPage, posts, sharers, replies] = await Promise.all([
    entryIds.length === 0
      ? { entries: [] }
      : pageOfEntries(ctx, {
          // The rule again, so loading by id can never show more than the list did.
          where: and(idIn(entries.id, entryIds), entryVisibleTo(member, "direct"))!,
          sort: "published",
          limit: entryIds.length,
        }),
    remotePostsByIds(ctx, remoteIds),
    actorSummaries(
      ctx,
      shown.flatMap((r) => (r.sharer_id ? [r.sharer_id] : [])),
    ),
    replyContexts(ctx, member, [...entryIds, ...remoteIds]),
  ]);
  const entryById = new Map(entryPage.entries.map((e) => [e.id, e]));
  const postById = new Map(posts.map((p) => [p.id, p]));
  const items = shown.flatMap((row): HomeItem[] => {
    const context = {
      sharedBy: row.sharer_id ? (sharers.get(row.sharer_id) ?? null) : null,
      replyTo: replies.get(row.post_id) ?? null,
    };
    const entry = entryById.get(row.post_id);
    if (row.source === "entry") return entry ? [{ kind: "entry", entry, ...context }] : [];
    const post = postById.get(row.post_id);
    return post ? [{ kind: "remote", post, ...context }] : [];
  });
  const last = shown.at(-1);
  return {
    items,
    nextCursor:
      list.length > limit && last ? encodeCursor({ at: new Date(last.at), id: last.id }) : null,
  };
}
