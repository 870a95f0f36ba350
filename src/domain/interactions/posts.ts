import { and, eq } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import type { Audience } from "../entries/schema.ts";
import { isUuid } from "../ids.ts";
import type { Viewer } from "../viewer.ts";

/** What replies, likes, shares and answers need to know about any post. */
interface PostBase {
  id: string;
  authorId: string;
  /** The post it answers (an entry or a remote post id), or null. */
  inReplyToId: string | null;
  /** The thread's root post id; null when a remote post's root is unknown. */
  conversationId: string | null;
  isQuestion: boolean;
  acceptedAnswerId: string | null;
}

/** A local entry, or a post by a remote actor: "a post" wherever an id may be either. */
export type PostRef =
  | (PostBase & {
      kind: "entry";
      authorHandle: string;
      audience: Audience;
      status: "draft" | "scheduled" | "processing" | "published";
    })
  | (PostBase & {
      kind: "remote";
      uri: string;
      url: string | null;
      audience: "public" | "unlisted" | "followers" | "direct";
    });

const threadColumns = <T extends typeof entries | typeof remotePosts>(table: T) => ({
  id: table.id,
  authorId: table.authorId,
  inReplyToEntryId: table.inReplyToEntryId,
  inReplyToRemoteId: table.inReplyToRemoteId,
  conversationId: table.conversationId,
  isQuestion: table.isQuestion,
  acceptedAnswerId: table.acceptedAnswerId,
});

interface ThreadRow {
  id: string;
  authorId: string;
  inReplyToEntryId: string | null;
  inReplyToRemoteId: string | null;
  conversationId: string | null;
  isQuestion: boolean;
  acceptedAnswerId: string | null;
}

function base(row: ThreadRow): PostBase {
  return {
    id: row.id,
    authorId: row.authorId,
    inReplyToId: row.inReplyToEntryId ?? row.inReplyToRemoteId,
    conversationId: row.conversationId,
    isQuestion: row.isQuestion,
    acceptedAnswerId: row.acceptedAnswerId,
  };
}

/**
 * The post with this id (an entry or a remote post) if the viewer may see it
 * by direct access (`entryVisibleTo` / `remotePostVisibleTo`), else null.
 * An author also finds their own drafts: interactions check `status`.
 */
export async function findPost(ctx: Ctx, viewer: Viewer, postId: string): Promise<PostRef | null> {
  if (!isUuid(postId)) return null;
  const [entry] = await ctx.db
    .select({
      ...threadColumns(entries),
      audience: entries.audience,
      status: entries.status,
      authorHandle: actors.handle,
    })
    .from(entries)
    .innerJoin(actors, eq(actors.id, entries.authorId))
    .where(and(eq(entries.id, postId), entryVisibleTo(viewer, "direct")));
  if (entry) {
    return {
      kind: "entry",
      ...base(entry),
      authorHandle: entry.authorHandle,
      audience: entry.audience,
      status: entry.status,
    };
  }
  const [remote] = await ctx.db
    .select({
      ...threadColumns(remotePosts),
      uri: remotePosts.uri,
      url: remotePosts.url,
      audience: remotePosts.audience,
    })
    .from(remotePosts)
    .where(and(eq(remotePosts.id, postId), remotePostVisibleTo(viewer, "direct")));
  if (!remote) return null;
  return {
    kind: "remote",
    ...base(remote),
    uri: remote.uri,
    url: remote.url,
    audience: remote.audience as Extract<PostRef, { kind: "remote" }>["audience"],
  };
}

/** A published post the viewer may see and act on (reply, like, share); else not found. */
export async function postToActOn(ctx: Ctx, viewer: Viewer, postId: string): Promise<PostRef> {
  const post = await findPost(ctx, viewer, postId);
  if (!post || (post.kind === "entry" && post.status !== "published")) throw notShown();
  return post;
}

/** The columns of a like, share or bookmark row that point at `post`. */
export function targetOf(post: Pick<PostRef, "kind" | "id">) {
  return post.kind === "entry"
    ? { entryId: post.id, remotePostId: null }
    : { entryId: null, remotePostId: post.id };
}

/**
 * The ActivityPub id of an activity a local member made here (a `Like`, an
 * `Announce`): the one format, served and delivered by the federation layer.
 */
export function localActivityUri(ctx: Ctx, kind: "like" | "share", id: string): string {
  return `${ctx.config.publicUrl.replace(/\/+$/, "")}/activities/${kind}/${id}`;
}
