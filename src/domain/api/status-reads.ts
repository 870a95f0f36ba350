import { and, asc, eq, or, sql } from "drizzle-orm";
import { entryVersions } from "../../db/schema/entries.ts";
import { likes, shares } from "../../db/schema/social.ts";
import type { Ctx } from "../context.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";
import { keysetRange, type PageRequest, sortPage } from "./paging.ts";
import { type PostView, postViews, shareVisibleTo } from "./status-views.ts";

/** Reads around one status: its thread, its history, who liked or shared it. */

const MAX_DEPTH = 200;

/** The post with this id if the viewer may see it (by its link); else 404 as Mastodon says. */
export async function visiblePost(ctx: Ctx, viewer: Viewer, id: string): Promise<PostView> {
  const post = (await postViews(ctx, viewer, [id])).get(id);
  if (!post) throw notFound("Record not found");
  return post;
}

/**
 * The post a status id stands for: a share's id means the post it shares
 * (clients act on either), other ids themselves.
 */
export async function postIdOf(ctx: Ctx, id: string): Promise<string> {
  if (!isUuid(id)) return id;
  const [share] = await ctx.db
    .select({ entryId: shares.entryId, remotePostId: shares.remotePostId })
    .from(shares)
    .where(eq(shares.id, id));
  return share ? ((share.entryId ?? share.remotePostId) as string) : id;
}

/** The member's own share of a post (the reblog status's id), or null. */
export async function ownShareId(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: shares.id })
    .from(shares)
    .where(
      and(
        eq(shares.actorId, user.actorId),
        or(eq(shares.entryId, postId), eq(shares.remotePostId, postId)),
      ),
    );
  return row?.id ?? null;
}

/**
 * A status's thread (GET /api/v1/statuses/:id/context): the posts it answers,
 * root first, and the replies under it, oldest first. Ids only: the caller
 * loads them through `statusViews`, which drops what the viewer may not see.
 */
export async function threadIds(
  ctx: Ctx,
  viewer: Viewer,
  id: string,
): Promise<{ ancestors: string[]; descendants: string[] }> {
  await visiblePost(ctx, viewer, id);
  const up = await ctx.db.execute<{ id: string }>(sql`
    with recursive up(id, depth) as (
      select coalesce(e.in_reply_to_entry_id, e.in_reply_to_remote_id,
          r.in_reply_to_entry_id, r.in_reply_to_remote_id), 1
        from (select ${id}::uuid as id) s
        left join entries e on e.id = s.id left join remote_posts r on r.id = s.id
      union all
      select coalesce(e.in_reply_to_entry_id, e.in_reply_to_remote_id,
          r.in_reply_to_entry_id, r.in_reply_to_remote_id), up.depth + 1
        from up left join entries e on e.id = up.id left join remote_posts r on r.id = up.id
        where up.id is not null and up.depth < ${MAX_DEPTH}
    )
    select id from up where id is not null order by depth desc`);
  const down = await ctx.db.execute<{ id: string }>(sql`
    with recursive down(id, at, depth) as (
      select ${id}::uuid, now(), 0
      union all
      select c.id, c.at, down.depth + 1 from down cross join lateral (
        select e.id, e.published_at as at from entries e
          where (e.in_reply_to_entry_id = down.id or e.in_reply_to_remote_id = down.id)
            and e.status = 'published'
        union all
        select r.id, coalesce(r.published_at, r.received_at) from remote_posts r
          where r.in_reply_to_entry_id = down.id or r.in_reply_to_remote_id = down.id
      ) c
      where down.depth < ${MAX_DEPTH}
    )
    select id from down where depth > 0 order by at asc, id asc limit 4000`);
  return { ancestors: up.map((row) => row.id), descendants: down.map((row) => row.id) };
}

/** One edit of a status as Mastodon's StatusEdit lists them, oldest first. */
export interface StatusEditView {
  title: string;
  contentHtml: string;
  spoilerText: string;
  at: Date;
}

/**
 * A status's versions, oldest first, ending with the current one
 * (GET /api/v1/statuses/:id/history): for whoever may see the status.
 */
export async function statusHistory(
  ctx: Ctx,
  viewer: Viewer,
  id: string,
): Promise<{ post: PostView; edits: StatusEditView[] }> {
  const post = await visiblePost(ctx, viewer, id);
  const current: StatusEditView = {
    title: post.title,
    contentHtml: post.contentHtml,
    spoilerText: post.spoilerText,
    at: post.editedAt ?? post.publishedAt,
  };
  if (post.kind !== "entry") return { post, edits: [current] };
  const versions = await ctx.db
    .select({
      title: entryVersions.title,
      contentHtml: entryVersions.bodyHtml,
      spoilerText: entryVersions.contentWarning,
      replacedAt: entryVersions.replacedAt,
    })
    .from(entryVersions)
    .where(eq(entryVersions.entryId, id))
    .orderBy(asc(entryVersions.version));
  // Each version was current from the previous change (or publication) until it was replaced.
  const edits = versions.map((v, i) => ({
    title: v.title,
    contentHtml: v.contentHtml,
    spoilerText: v.spoilerText,
    at: i === 0 ? post.publishedAt : (versions[i - 1]?.replacedAt ?? post.publishedAt),
  }));
  const last = versions.at(-1);
  return { post, edits: [...edits, { ...current, at: last?.replacedAt ?? current.at }] };
}

/**
 * Who liked or shared a post the viewer may see (favourited_by /
 * reblogged_by), newest first, paged by the like's or share's id.
 */
export async function reactorsOf(
  ctx: Ctx,
  viewer: Viewer,
  id: string,
  which: "likes" | "shares",
  page: PageRequest,
): Promise<{ actorIds: string[]; pageIds: string[] }> {
  const postId = await postIdOf(ctx, id);
  await visiblePost(ctx, viewer, postId);
  const table = which === "likes" ? likes : shares;
  const anchor = (anchorId: string) =>
    sql`(select x.created_at from ${table} x where x.id = ${anchorId}::uuid)`;
  const rows = await ctx.db
    .select({ id: table.id, actorId: table.actorId, at: table.createdAt })
    .from(table)
    .where(
      and(
        or(eq(table.entryId, postId), eq(table.remotePostId, postId)),
        keysetRange(page, sql`${table.createdAt}`, sql`${table.id}`, anchor),
        // Shares only as far as their audience reaches (followers-only ones stay with followers).
        which === "shares"
          ? shareVisibleTo(viewer, "direct", {
              audience: sql`${shares.audience}`,
              actorId: sql`${shares.actorId}`,
            })
          : undefined,
      ),
    )
    .orderBy(...page.order(sql`${table.createdAt}`, sql`${table.id}`))
    .limit(page.limit);
  const sorted = sortPage(page, rows);
  return { actorIds: sorted.map((row) => row.actorId), pageIds: sorted.map((row) => row.id) };
}
