import { sql } from "drizzle-orm";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import type { Span } from "./periods.ts";

export interface DiscussedEntry {
  id: string;
  title: string;
  excerpt: string;
  replies: number;
  shares: number;
  likes: number;
}

/**
 * The member's entries that drew the most conversation in a period: replies
 * (local and remote, only those the member may still see), then shares and likes.
 */
export async function mostDiscussed(
  ctx: Ctx,
  user: CurrentUser,
  span: Span,
  limit = 5,
): Promise<DiscussedEntry[]> {
  const viewer = { actorId: user.actorId };
  const start = span.start.toISOString();
  const end = span.end.toISOString();
  const rows = await ctx.db.execute<{
    id: string;
    title: string;
    body: string;
    replies: number;
    shares: number;
    likes: number;
  }>(sql`
    select e.id, e.title, left(e.body_markdown, 140) as body, c.replies, c.shares, c.likes from (
      select p.id,
        (select count(*) from entries where entries.in_reply_to_entry_id = p.id
          and entries.author_id <> ${user.actorId} and ${entryVisibleTo(viewer, "direct")}
          and not exists (select 1 from blocks b where b.actor_id = ${user.actorId}
            and b.target_id = entries.author_id)
          and entries.published_at >= ${start}::timestamptz and entries.published_at < ${end}::timestamptz)
        + (select count(*) from remote_posts where remote_posts.in_reply_to_entry_id = p.id
          and ${remotePostVisibleTo(viewer, "direct")}
          and coalesce(remote_posts.published_at, remote_posts.received_at) >= ${start}::timestamptz
          and coalesce(remote_posts.published_at, remote_posts.received_at) < ${end}::timestamptz)
          as replies,
        (select count(*) from shares s where s.entry_id = p.id
          and s.created_at >= ${start}::timestamptz and s.created_at < ${end}::timestamptz) as shares,
        (select count(*) from likes l where l.entry_id = p.id
          and l.created_at >= ${start}::timestamptz and l.created_at < ${end}::timestamptz) as likes
      from entries p where p.author_id = ${user.actorId} and p.status = 'published'
    ) c join entries e on e.id = c.id
    where c.replies + c.shares + c.likes > 0
    order by c.replies desc, c.shares + c.likes desc, e.published_at desc
    limit ${limit}`);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    excerpt: row.body,
    replies: Number(row.replies),
    shares: Number(row.shares),
    likes: Number(row.likes),
  }));
}

export interface QuestionStats {
  /** Questions the member asked, and how many got an accepted answer. */
  asked: number;
  answered: number;
  /** Answers the member gave that were accepted. */
  answersAccepted: number;
}

/** Questions asked and answered, for the member's private insights. */
export async function questionStats(ctx: Ctx, user: CurrentUser): Promise<QuestionStats> {
  const [row] = await ctx.db.execute<{ asked: number; answered: number; accepted: number }>(sql`
    select
      (select count(*) from entries q where q.author_id = ${user.actorId} and q.is_question
        and q.status = 'published')::int as asked,
      (select count(*) from entries q where q.author_id = ${user.actorId} and q.is_question
        and q.status = 'published' and q.accepted_answer_id is not null)::int as answered,
      ((select count(*) from entries q join entries a on a.id = q.accepted_answer_id
          where a.author_id = ${user.actorId})
        + (select count(*) from remote_posts q join entries a on a.id = q.accepted_answer_id
          where a.author_id = ${user.actorId}))::int as accepted`);
  return {
    asked: row?.asked ?? 0,
    answered: row?.answered ?? 0,
    answersAccepted: row?.accepted ?? 0,
  };
}
