import { and, desc, eq, isNotNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { actors, type ProfileField } from "../../db/schema/accounts.ts";
import { type RemoteAttachment, remotePosts } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import { notShown } from "../entries/not-shown.ts";
import { idIn, isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { followRemote, followState } from "./follows.ts";

/** A remote account as its profile page shows it (bio sanitized when stored). */
export interface RemoteAccountView {
  id: string;
  uri: string;
  handle: string;
  host: string;
  displayName: string;
  bioHtml: string;
  url: string | null;
  /** Their pictures' URLs (pages show them through the image proxy, ADR 0015). */
  avatarUrl: string | null;
  headerUrl: string | null;
  /** Their profile fields (`PropertyValue`s; values sanitized when stored). */
  profileFields?: ProfileField[];
  /** Their featured tags (names without `#`). */
  featuredTags?: string[];
  /** The account they moved to (a `Move` we accepted), when we keep it. */
  movedTo?: { id: string; handle: string; host: string | null } | null;
  /** The viewer's follow: "pending", "accepted" or null. */
  followState: string | null;
}

/** A stored remote post (content sanitized when stored) with its author. */
export interface RemotePostView {
  id: string;
  uri: string;
  url: string | null;
  name: string;
  summary: string;
  contentHtml: string;
  sensitive: boolean;
  audience: string;
  at: Date;
  author: {
    id: string;
    handle: string;
    host: string;
    displayName: string;
    avatarUrl: string | null;
  };
  /** As received; images are shown through the image proxy (ADR 0015). */
  attachments: RemoteAttachment[];
  /** What it replies to: the post here when we have it, else only its URI. */
  inReplyToId: string | null;
  inReplyToUri: string | null;
}

const postColumns = {
  id: remotePosts.id,
  uri: remotePosts.uri,
  url: remotePosts.url,
  name: remotePosts.name,
  summary: remotePosts.summary,
  contentHtml: remotePosts.contentHtml,
  sensitive: remotePosts.sensitive,
  audience: remotePosts.audience,
  attachments: remotePosts.attachments,
  inReplyToId: sql<
    string | null
  >`coalesce(${remotePosts.inReplyToEntryId}, ${remotePosts.inReplyToRemoteId})`,
  inReplyToUri: remotePosts.inReplyToUri,
  at: sql<Date>`coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt})`.mapWith(
    (value: string | Date) => new Date(value),
  ),
  authorId: actors.id,
  handle: actors.handle,
  host: actors.host,
  displayName: actors.displayName,
  avatarUrl: actors.avatarUrl,
};

function selectPosts(ctx: Ctx) {
  return ctx.db
    .select(postColumns)
    .from(remotePosts)
    .innerJoin(actors, eq(actors.id, remotePosts.authorId));
}

type PostRow = Awaited<ReturnType<ReturnType<typeof selectPosts>["execute"]>>[number];

function toPostView(row: PostRow): RemotePostView {
  const { authorId, handle, host, displayName, avatarUrl, ...post } = row;
  return {
    ...post,
    author: {
      id: authorId,
      handle,
      host: host ?? "",
      displayName: displayName || handle,
      avatarUrl,
    },
  };
}

/** A remote actor we keep, for a signed-in member; not found for unknown or local ids. */
export async function remoteAccount(
  ctx: Ctx,
  member: CurrentUser,
  actorId: string,
): Promise<RemoteAccountView> {
  if (!isUuid(actorId)) throw notShown();
  const moved = alias(actors, "moved");
  const [row] = await ctx.db
    .select({
      id: actors.id,
      uri: actors.uri,
      handle: actors.handle,
      host: actors.host,
      displayName: actors.displayName,
      bioHtml: actors.bioHtml,
      url: actors.url,
      avatarUrl: actors.avatarUrl,
      headerUrl: actors.headerUrl,
      profileFields: actors.profileFields,
      featuredTags: actors.featuredTags,
      movedToId: moved.id,
      movedToHandle: moved.handle,
      movedToHost: moved.host,
    })
    .from(actors)
    .leftJoin(moved, eq(moved.id, actors.movedToId))
    .where(and(eq(actors.id, actorId), isNotNull(actors.host), isNotNull(actors.uri)));
  if (!row?.host || !row.uri) throw notShown();
  const { movedToId, movedToHandle, movedToHost, ...account } = row;
  return {
    ...account,
    movedTo:
      movedToId && movedToHandle
        ? { id: movedToId, handle: movedToHandle, host: movedToHost }
        : null,
    uri: row.uri,
    host: row.host,
    displayName: row.displayName || row.handle,
    followState: await followState(ctx, member.actorId, row.id),
  };
}

/** One page of a remote account's posts, and where the next one starts. */
export interface RemotePostPage {
  posts: RemotePostView[];
  /** The page after this one among the posts kept here; null when none are left. */
  nextCursor: string | null;
  /** The position after the last post shown (to ask their server for older ones). */
  endCursor: string | null;
}

/** Post times to the millisecond, as cursors carry them (`received_at` has microseconds). */
const postTime = sql`date_trunc('milliseconds', coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt}))`;

/**
 * A remote account's stored posts, newest first, a page at a time after
 * `cursor`: public and unlisted ones, and followers-only ones when the
 * member follows them (accepted).
 */
export async function remoteAccountPosts(
  ctx: Ctx,
  account: RemoteAccountView,
  options: { cursor?: string | null; limit?: number } = {},
): Promise<RemotePostPage> {
  const limit = options.limit ?? 20;
  const position = decodeCursor(options.cursor);
  const audiences =
    account.followState === "accepted"
      ? ne(remotePosts.audience, "direct")
      : or(eq(remotePosts.audience, "public"), eq(remotePosts.audience, "unlisted"));
  const older = position
    ? sql`(${postTime}, ${remotePosts.id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
    : undefined;
  const rows = await selectPosts(ctx)
    .where(and(eq(remotePosts.authorId, account.id), audiences, older))
    .orderBy(desc(postTime), desc(remotePosts.id))
    .limit(limit + 1);
  const posts = rows.slice(0, limit).map(toPostView);
  const last = posts.at(-1);
  const endCursor = last ? encodeCursor({ at: last.at, id: last.id }) : null;
  return { posts, nextCursor: rows.length > limit ? endCursor : null, endCursor };
}

/** Stored remote posts by id (the home timeline chose them already). */
export async function remotePostsByIds(ctx: Ctx, ids: string[]): Promise<RemotePostView[]> {
  if (ids.length === 0) return [];
  const rows = await selectPosts(ctx).where(idIn(remotePosts.id, ids));
  return rows.map(toPostView);
}

/**
 * Follows a remote account we already keep: pending at once, in the same
 * transaction as the queued `Follow` (so the page says "Requested" at once).
 */
export async function followRemoteAccount(ctx: Ctx, member: CurrentUser, actorId: string) {
  const account = await remoteAccount(ctx, member, actorId);
  if (account.followState) return;
  await followRemote(ctx, member, account.uri, account.id);
}
