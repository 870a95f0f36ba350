import { and, eq, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { bookmarks, likes, shares } from "../../db/schema/social.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { invalid } from "../errors.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import { isUuid, newId } from "../ids.ts";
import { notify } from "../notifications/notify.ts";
import { announceStream } from "../stream.ts";
import type { CurrentUser } from "../viewer.ts";
import { localActivityUri, type PostRef, postToActOn, targetOf } from "./posts.ts";

/**
 * Likes, shares and bookmarks by local members. Each is idempotent: doing it
 * twice changes nothing the second time (no second notification, no second
 * activity); undoing what was never done is fine too.
 */

interface PostTargetColumns {
  actorId: PgColumn;
  entryId: PgColumn;
  remotePostId: PgColumn;
}

/** The member's own row (like, share or bookmark) on a post. */
function ownRow(table: PostTargetColumns, actorId: string, postId: string): SQL {
  return and(
    eq(table.actorId, actorId),
    or(eq(table.entryId, postId), eq(table.remotePostId, postId)),
  )!;
}

/** Tells a local post's author; remote authors hear through federation. */
async function notifyAuthor(
  tx: TxCtx,
  post: PostRef,
  user: CurrentUser,
  type: "like" | "share",
): Promise<void> {
  if (post.kind !== "entry") return;
  await notify(tx, {
    recipientId: post.authorId,
    type,
    fromActorId: user.actorId,
    entryId: post.id,
    // Like, unlike, like again: the author hears once.
    dedupeKey: `${type}:${user.actorId}:${post.id}`,
  });
}

function checkId(postId: string): void {
  if (!isUuid(postId)) throw notShown();
}

export async function likePost(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
): Promise<{ liked: boolean }> {
  return transactional(ctx, async (tx) => {
    const post = await postToActOn(tx, user, postId);
    const id = newId();
    const added = await tx.db
      .insert(likes)
      .values({
        id,
        actorId: user.actorId,
        ...targetOf(post),
        uri: localActivityUri(tx, "like", id),
        createdAt: tx.now(),
      })
      .onConflictDoNothing()
      .returning({ id: likes.id });
    if (added.length > 0) {
      await queueSocialDelivery(tx, { type: "like", actorId: user.actorId, likeId: id });
      await notifyAuthor(tx, post, user, "like");
    }
    return { liked: true };
  });
}

/** Removes the member's like (even of a post they can no longer see) and sends its Undo. */
export async function unlikePost(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
): Promise<{ liked: boolean }> {
  checkId(postId);
  return transactional(ctx, async (tx) => {
    const removed = await tx.db
      .delete(likes)
      .where(ownRow(likes, user.actorId, postId))
      .returning({ uri: likes.uri });
    for (const { uri } of removed) {
      if (uri)
        await queueSocialDelivery(tx, { type: "unlike", actorId: user.actorId, uri, postId });
    }
    return { liked: false };
  });
}

const shareSchema = z.object({
  audience: z
    .enum(["public", "unlisted", "followers"], { error: "Choose public, unlisted or followers" })
    .default("public"),
});

/**
 * Shares (boosts) a post. As on Mastodon, only public and unlisted posts can
 * be shared: followers-only, direct and private ones were meant for a few.
 */
export async function sharePost(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
  options: { audience?: string } = {},
): Promise<{ shared: boolean }> {
  const { audience } = parseInput(shareSchema, options);
  return transactional(ctx, async (tx) => {
    const post = await postToActOn(tx, user, postId);
    if (post.audience !== "public" && post.audience !== "unlisted") {
      throw invalid("Only public and unlisted posts can be shared.", {
        postId: "This post was shared with a few people only: it cannot be shared further",
      });
    }
    const id = newId();
    const added = await tx.db
      .insert(shares)
      .values({
        id,
        actorId: user.actorId,
        ...targetOf(post),
        audience,
        uri: localActivityUri(tx, "share", id),
        createdAt: tx.now(),
      })
      .onConflictDoNothing()
      .returning({ id: shares.id });
    if (added.length > 0) {
      await queueSocialDelivery(tx, { type: "share", actorId: user.actorId, shareId: id });
      await notifyAuthor(tx, post, user, "share");
      // Live in the sharer's followers' apps (client API streaming).
      await announceStream(tx, { kind: "post", id });
    }
    return { shared: true };
  });
}

export async function unsharePost(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
): Promise<{ shared: boolean }> {
  checkId(postId);
  return transactional(ctx, async (tx) => {
    const removed = await tx.db
      .delete(shares)
      .where(ownRow(shares, user.actorId, postId))
      .returning({ uri: shares.uri, id: shares.id });
    for (const { uri, id } of removed) {
      await announceStream(tx, { kind: "deleted", id, authorId: user.actorId });
      if (uri) {
        await queueSocialDelivery(tx, { type: "unshare", actorId: user.actorId, uri, postId });
      }
    }
    return { shared: false };
  });
}

/** A private bookmark: nobody is told, nothing is sent. */
export async function bookmarkPost(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
): Promise<{ bookmarked: boolean }> {
  return transactional(ctx, async (tx) => {
    const post = await postToActOn(tx, user, postId);
    await tx.db
      .insert(bookmarks)
      .values({ id: newId(), actorId: user.actorId, ...targetOf(post), createdAt: tx.now() })
      .onConflictDoNothing();
    return { bookmarked: true };
  });
}

export async function unbookmarkPost(
  ctx: Ctx,
  user: CurrentUser,
  postId: string,
): Promise<{ bookmarked: boolean }> {
  checkId(postId);
  return transactional(ctx, async (tx) => {
    await tx.db.delete(bookmarks).where(ownRow(bookmarks, user.actorId, postId));
    return { bookmarked: false };
  });
}
