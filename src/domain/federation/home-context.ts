import { type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { type ActorSummary, actorSummaries } from "../moderation/actors.ts";
import type { CurrentUser } from "../viewer.ts";

/** Who a timeline line names: a member (host null) or a remote account. */
export type TimelineActor = ActorSummary;

/**
 * What a post replies to, as the timeline says it: the parent's author and id
 * when the member may see the parent (the one rule for its kind decides),
 * else only that it is a reply (and the parent's URI when it lives elsewhere).
 */
export interface ReplyContext {
  parentId: string | null;
  author: TimelineActor | null;
  /** A remote parent this server does not keep (shown as a link out). */
  uri: string | null;
}

const uuidList = (ids: readonly string[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** The reply context of each post among `postIds` that is a reply (entries and remote posts). */
export async function replyContexts(
  ctx: Ctx,
  member: CurrentUser,
  postIds: readonly string[],
): Promise<Map<string, ReplyContext>> {
  if (postIds.length === 0) return new Map();
  const ids = uuidList(postIds);
  const rows = await ctx.db.execute<{
    id: string;
    parent_id: string | null;
    parent_uri: string | null;
    visible_id: string | null;
    author_id: string | null;
  }>(sql`
    select c.id, c.parent_id, c.parent_uri, p.id as visible_id, p.author_id
    from (
      select id, coalesce(in_reply_to_entry_id, in_reply_to_remote_id) as parent_id,
        null::text as parent_uri
      from entries where id in (${ids})
      union all
      select id, coalesce(in_reply_to_entry_id, in_reply_to_remote_id), in_reply_to_uri
      from remote_posts where id in (${ids})
    ) c
    left join lateral (
      select ${entries.id} as id, ${entries.authorId} as author_id from ${entries}
      where ${entries.id} = c.parent_id and ${entries.status} = 'published'
        and ${entryVisibleTo(member, "direct")}
      union all
      select ${remotePosts.id}, ${remotePosts.authorId} from ${remotePosts}
      where ${remotePosts.id} = c.parent_id and ${remotePostVisibleTo(member, "direct")}
      limit 1
    ) p on true
    where c.parent_id is not null or c.parent_uri is not null`);
  const list = [...rows];
  const authors = await actorSummaries(
    ctx,
    list.flatMap((r) => (r.author_id ? [r.author_id] : [])),
  );
  return new Map(
    list.map((r) => [
      r.id,
      {
        parentId: r.visible_id,
        author: r.author_id ? (authors.get(r.author_id) ?? null) : null,
        uri: r.parent_id ? null : r.parent_uri,
      },
    ]),
  );
}
