import { type SQL, sql } from "drizzle-orm";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";

/** A link to the moment: a local entry's path or a remote post's URL. */
const localPath = (idColumn: SQL) =>
  sql`'/@' || (select a.handle from actors a where a.id = entries.author_id) || '/' || ${idColumn}`;
const memberEntryPath = (handleOf: SQL, idColumn: SQL) =>
  sql`'/@' || ${handleOf} || '/' || ${idColumn}`;

/**
 * Every way another person took part in a member's work, as rows of
 * (person, kind, at, moment) — `moment` links to where it happened. Replies
 * and answers count only while the member may still see them (the one
 * authorization rule, for the member as viewer), so a reply deleted or
 * turned private drops out.
 */
function interactionsOf(actorId: string) {
  const viewer = { actorId };
  const member = sql`(select handle from actors where id = ${actorId})`;
  const ownEntries = sql`(select p.id from entries p where p.author_id = ${actorId})`;
  return sql`(
    select f.follower_id as person_id, 'followed-you' as kind, f.created_at as at, null::text as moment
      from follows f where f.followed_id = ${actorId} and f.state = 'accepted'
    union all
    select f.followed_id, 'you-followed', f.created_at, null::text
      from follows f where f.follower_id = ${actorId} and f.state = 'accepted'
    union all
    select entries.author_id, 'replied', entries.published_at, ${localPath(sql`entries.id`)}
      from entries where entries.in_reply_to_entry_id in ${ownEntries}
      and entries.author_id <> ${actorId} and ${entryVisibleTo(viewer, "direct")}
    union all
    select remote_posts.author_id, 'replied', coalesce(remote_posts.published_at, remote_posts.received_at),
        coalesce(remote_posts.url, remote_posts.uri)
      from remote_posts where remote_posts.in_reply_to_entry_id in ${ownEntries}
      and ${remotePostVisibleTo(viewer, "direct")}
    union all
    select entries.author_id, 'answered', entries.published_at, ${localPath(sql`entries.id`)}
      from entries join entries q on q.accepted_answer_id = entries.id
      where (q.author_id = ${actorId} or q.conversation_id in ${ownEntries})
      and entries.author_id <> ${actorId} and ${entryVisibleTo(viewer, "direct")}
    union all
    select remote_posts.author_id, 'answered', coalesce(remote_posts.published_at, remote_posts.received_at),
        coalesce(remote_posts.url, remote_posts.uri)
      from remote_posts join entries q on q.accepted_answer_id = remote_posts.id
      where (q.author_id = ${actorId} or q.conversation_id in ${ownEntries})
      and ${remotePostVisibleTo(viewer, "direct")}
    union all
    select s.actor_id, 'shared', s.created_at, ${memberEntryPath(member, sql`s.entry_id`)}
      from shares s where s.entry_id in ${ownEntries} and s.actor_id <> ${actorId}
    union all
    select l.actor_id, 'liked', l.created_at, ${memberEntryPath(member, sql`l.entry_id`)}
      from likes l where l.entry_id in ${ownEntries} and l.actor_id <> ${actorId}
    union all
    select coalesce(p.author_id, r.author_id), 'you-replied', entries.published_at,
        ${memberEntryPath(member, sql`entries.id`)}
      from entries left join entries p on p.id = entries.in_reply_to_entry_id
      left join remote_posts r on r.id = entries.in_reply_to_remote_id
      where entries.author_id = ${actorId} and entries.status = 'published'
      and coalesce(p.author_id, r.author_id) is not null
      and coalesce(p.author_id, r.author_id) <> ${actorId}
  )`;
}

export const INTERACTION_KINDS = [
  "followed-you",
  "you-followed",
  "replied",
  "answered",
  "shared",
  "liked",
  "you-replied",
] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** The ways people help with a member's work (the digest's "who helped"). */
export const HELPING_KINDS: readonly InteractionKind[] = ["replied", "answered", "shared", "liked"];
/** Follows both ways (the digest's "new connections"). */
export const FOLLOW_KINDS: readonly InteractionKind[] = ["followed-you", "you-followed"];

export interface Person {
  handle: string;
  host: string | null;
  displayName: string;
  /** The kinds of interaction, distinct, in a stable order. */
  kinds: InteractionKind[];
  count: number;
  /** The latest interaction. */
  lastAt: Date;
  /** Links to the latest moments (replies, answers, shared entries), newest first, at most 3. */
  moments: string[];
}

/**
 * People who interacted with the member, most interactions first ([from, to)
 * when given; only `kinds` when given). People the member blocked are left out.
 */
export async function peopleInteracting(
  ctx: Ctx,
  actorId: string,
  range: { from?: Date; to?: Date; limit: number; kinds?: readonly InteractionKind[] },
): Promise<Person[]> {
  const from = range.from?.toISOString() ?? null;
  const to = range.to?.toISOString() ?? null;
  const kinds = range.kinds ? `{${range.kinds.join(",")}}` : null;
  const rows = await ctx.db.execute<{
    handle: string;
    host: string | null;
    display_name: string;
    kinds: InteractionKind[];
    count: number;
    last_at: string | Date;
    moments: (string | null)[];
  }>(sql`
    select a.handle, a.host, a.display_name, array_agg(distinct i.kind order by i.kind) as kinds,
      count(*)::int as count, max(i.at) as last_at,
      (array_agg(i.moment order by i.at desc) filter (where i.moment is not null))[1:3] as moments
    from ${interactionsOf(actorId)} i join actors a on a.id = i.person_id
    where (${from}::timestamptz is null or i.at >= ${from}::timestamptz)
      and (${to}::timestamptz is null or i.at < ${to}::timestamptz)
      and (${kinds}::text[] is null or i.kind = any(${kinds}::text[]))
      and not exists (select 1 from blocks b where b.actor_id = ${actorId} and b.target_id = a.id)
    group by a.id, a.handle, a.host, a.display_name
    order by count(*) desc, max(i.at) desc, a.handle
    limit ${range.limit}`);
  return rows.map((row) => ({
    handle: row.handle,
    host: row.host,
    displayName: row.display_name,
    kinds: row.kinds,
    count: row.count,
    lastAt: new Date(row.last_at),
    moments: (row.moments ?? []).filter((m): m is string => m !== null),
  }));
}
