import { and, desc, eq, sql } from "drizzle-orm";
import { type RemoteAttachment, remotePosts } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import { sanitize } from "../markdown.ts";
import { remotePostDocumentFor } from "../search/index-remote-post.ts";

export type { RemoteAttachment };

/** A post by a remote actor as the inbox received it (HTML not yet sanitized). */
export interface RemotePostData {
  uri: string;
  authorId: string;
  type: string;
  url: string | null;
  name: string;
  summary: string;
  contentHtml: string;
  sensitive: boolean;
  audience: "public" | "unlisted" | "followers" | "direct";
  publishedAt: Date | null;
  updatedAt: Date | null;
  language?: string | null;
  /** Hashtag names, lower case, without `#`. */
  tags?: string[];
  attachments?: RemoteAttachment[];
  inReplyToUri?: string | null;
  inReplyToEntryId?: string | null;
  inReplyToRemoteId?: string | null;
  conversationId?: string | null;
  isQuestion?: boolean;
}

/** `set` for ON CONFLICT: each of these columns takes the proposed row's value (`excluded`). */
function fromProposedRow(keys: readonly (keyof typeof remotePosts.$inferInsert)[]) {
  return Object.fromEntries(keys.map((key) => [key, sql.raw(`excluded.${remotePosts[key].name}`)]));
}

/**
 * Keeps a remote post, or refreshes it (an `Update`, or a `Create` delivered
 * twice). Only its own author may change it: a row by someone else is left
 * alone (null). `inserted` says whether the post is new here.
 */
export async function storeRemotePost(ctx: Ctx, data: RemotePostData) {
  const [stored] = await storeRemotePosts(ctx, [data]);
  return stored ?? null;
}

/** What `storeRemotePosts` did with one post: null when it was left alone. */
export type StoredRemotePost = { id: string; inserted: boolean } | null;

/**
 * `storeRemotePost` for several posts in one statement; the results come in
 * the posts' order. Their URIs must differ (a statement changes a row once).
 */
export async function storeRemotePosts(
  ctx: Ctx,
  posts: readonly RemotePostData[],
): Promise<StoredRemotePost[]> {
  if (posts.length === 0) return [];
  const values = posts.map(storedValues);
  const updated = Object.keys(values[0]!) as (keyof RowValues)[];
  const rows = posts.map((data, i) => ({
    id: newId(),
    uri: data.uri,
    authorId: data.authorId,
    ...values[i]!,
    // The search document follows every stored version of the content, written with it.
    search: remotePostDocumentFor(values[i]!),
  }));
  const stored = await ctx.db
    .insert(remotePosts)
    .values(rows)
    .onConflictDoUpdate({
      target: remotePosts.uri,
      // The proposed row's values, rather than the values and the document sent twice.
      set: fromProposedRow([...updated, "search"]),
      // Only by its own author.
      setWhere: sql`${remotePosts.authorId} = excluded.${sql.raw(remotePosts.authorId.name)}`,
    })
    // xmax is 0 for a row this statement inserted (PostgreSQL's own bookkeeping).
    .returning({
      id: remotePosts.id,
      uri: remotePosts.uri,
      inserted: sql<boolean>`(xmax = 0)`,
    });
  const byUri = new Map(stored.map((row) => [row.uri, { id: row.id, inserted: row.inserted }]));
  return posts.map((post) => byUri.get(post.uri) ?? null);
}

type RowValues = ReturnType<typeof storedValues>;

/** The columns a post's `Update` (or a second delivery) refreshes. */
function storedValues(data: RemotePostData) {
  return {
    type: data.type,
    url: data.url,
    name: data.name.slice(0, 500),
    summary: data.summary.slice(0, 2000),
    contentHtml: sanitize(data.contentHtml),
    sensitive: data.sensitive,
    audience: data.audience,
    publishedAt: data.publishedAt,
    updatedAt: data.updatedAt,
    language: data.language?.slice(0, 35) ?? null,
    tags: (data.tags ?? []).slice(0, 64),
    attachments: (data.attachments ?? []).slice(0, 16),
    inReplyToUri: data.inReplyToUri ?? null,
    inReplyToEntryId: data.inReplyToEntryId ?? null,
    inReplyToRemoteId: data.inReplyToRemoteId ?? null,
    conversationId: data.conversationId ?? null,
    isQuestion: data.isQuestion ?? false,
  };
}

/** Removes a remote post on its author's `Delete`; returns its id when one went. */
export async function deleteRemotePost(ctx: Ctx, uri: string, authorId: string) {
  const rows = await ctx.db
    .delete(remotePosts)
    .where(and(eq(remotePosts.uri, uri), eq(remotePosts.authorId, authorId)))
    .returning({ id: remotePosts.id });
  return rows[0]?.id ?? null;
}

/** A remote actor's stored posts, newest first (tests; later the home timeline). */
export async function remotePostsBy(ctx: Ctx, authorId: string) {
  return ctx.db
    .select()
    .from(remotePosts)
    .where(eq(remotePosts.authorId, authorId))
    .orderBy(desc(remotePosts.publishedAt));
}
