import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { keysetRange, type PageRequest, sortPage } from "../api/paging.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { excerpt, htmlToText } from "../markdown.ts";
import { actorSummaries } from "../moderation/actors.ts";
import type { CurrentUser } from "../viewer.ts";

/** A participant of a direct conversation, local (host null) or remote. */
export interface Participant {
  id: string;
  handle: string;
  host: string | null;
  displayName: string;
  /** A member's stored avatar; a remote account's avatar URL (shown through the proxy). */
  avatarKey: string | null;
  avatarUrl: string | null;
}

/** One direct conversation as the Conversations page lists it. */
export interface ConversationSummary {
  /** The conversation's root post id (its page is `/conversations/<id>`). */
  id: string;
  /** Its latest post the member may read. */
  lastPostId: string;
  lastAt: Date;
  /** The latest post's text, plain, at most 200 characters. */
  preview: string;
  posts: number;
  /** Everyone else in it. */
  participants: Participant[];
}

const PREVIEW_CHARS = 200;

/**
 * The direct conversations the member takes part in (they wrote, or were
 * addressed by, a direct post of it), latest first. Each post is counted only
 * through the one rule for its kind, so nobody sees a thread they are not in.
 * With `page` (the client API), one page of them: as on Mastodon, the
 * cursors are the conversations' latest post ids.
 */
export async function directConversations(
  ctx: Ctx,
  member: CurrentUser,
  limit = 50,
  page?: PageRequest,
): Promise<ConversationSummary[]> {
  // A cursor's position: its post's time (an entry's or a remote post's).
  const anchor = (id: string) => sql`coalesce(
    (select e.published_at from entries e where e.id = ${id}),
    (select coalesce(r.published_at, r.received_at) from remote_posts r where r.id = ${id}))`;
  const range = page ? keysetRange(page, sql`c.last_at`, sql`c.last_id`, anchor) : undefined;
  const order = page
    ? page.order(sql`c.last_at`, sql`c.last_id`)
    : [sql`c.last_at desc`, sql`c.last_id desc`];
  const rows = await ctx.db.execute<{
    id: string;
    last_id: string;
    last_at: string | Date;
    preview_html: string;
    posts: number;
    participant_ids: string[];
  }>(sql`
    with posts as (
      select coalesce(${entries.conversationId}, ${entries.id}) as conv, ${entries.id} as id,
        ${entries.publishedAt} as at, ${entries.authorId} as author_id, ${entries.bodyHtml} as html
      from ${entries}
      where ${entries.audience} = 'direct' and ${entries.status} = 'published'
        and ${entryVisibleTo(member, "direct")}
      union all
      select coalesce(${remotePosts.conversationId}, ${remotePosts.id}), ${remotePosts.id},
        coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt}), ${remotePosts.authorId},
        ${remotePosts.contentHtml}
      from ${remotePosts}
      where ${remotePosts.audience} = 'direct' and ${remotePostVisibleTo(member, "direct")}
    ),
    people as (
      select p.conv, p.author_id as actor_id from posts p
      union select p.conv, m.actor_id from posts p join entry_mentions m on m.entry_id = p.id
      union select p.conv, r.actor_id from posts p join remote_post_recipients r on r.remote_post_id = p.id
    )
    select * from (
      select p.conv as id,
        (array_agg(p.id order by p.at desc, p.id desc))[1] as last_id,
        max(p.at) as last_at,
        (array_agg(p.html order by p.at desc, p.id desc))[1] as preview_html,
        count(*)::int as posts,
        coalesce((select array_agg(distinct x.actor_id) from people x
          where x.conv = p.conv and x.actor_id <> ${member.actorId}), '{}') as participant_ids
      from posts p
      group by p.conv
    ) c
    where ${range ?? sql`true`}
    order by ${sql.join(order, sql`, `)}
    limit ${page?.limit ?? limit}`);
  const list = page ? sortPage(page, [...rows]) : [...rows];
  const everyone = [...new Set(list.flatMap((row) => row.participant_ids))];
  const people = await actorSummaries(ctx, everyone);
  return list.map((row) => ({
    id: row.id,
    lastPostId: row.last_id,
    lastAt: new Date(row.last_at),
    preview: excerpt(htmlToText(row.preview_html), PREVIEW_CHARS),
    posts: row.posts,
    participants: row.participant_ids.flatMap((id) => people.get(id) ?? []),
  }));
}

/**
 * Where the member's reading of a conversation starts: its root, or (when
 * they joined later and may not see the root) their earliest post in it they
 * may see. Null when they may see none of it.
 */
export async function conversationStart(
  ctx: Ctx,
  member: CurrentUser,
  conversationId: string,
): Promise<string | null> {
  if (!isUuid(conversationId)) return null;
  const inIt = (conversation: SQL | PgColumn, id: SQL | PgColumn) =>
    sql`(${conversation} = ${conversationId} or ${id} = ${conversationId})`;
  const rows = await ctx.db.execute<{ id: string }>(sql`
    select id from (
      select ${entries.id} as id, ${entries.publishedAt} as at from ${entries}
      where ${inIt(entries.conversationId, entries.id)} and ${entries.status} = 'published'
        and ${entryVisibleTo(member, "direct")}
      union all
      select ${remotePosts.id}, coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt})
      from ${remotePosts}
      where ${inIt(remotePosts.conversationId, remotePosts.id)}
        and ${remotePostVisibleTo(member, "direct")}
    ) visible
    order by (id = ${conversationId}) desc, at asc, id asc
    limit 1`);
  return rows[0]?.id ?? null;
}
