import { and, eq, or, sql } from "drizzle-orm";
import { actors, follows } from "../../db/schema/accounts.ts";
import { remotePostRecipients, remotePosts } from "../../db/schema/federation.ts";
import { likes, shares } from "../../db/schema/social.ts";
import { batched } from "../batched.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notify } from "../notifications/notify.ts";
import { announceStream, announceStreams, type StreamEvent } from "../stream.ts";
import { findPostByUri, localActorIds, type PostTarget } from "./inbox-targets.ts";
import { deleteRemotePost, type RemotePostData, storeRemotePosts } from "./remote-posts.ts";

/** The hashtag that marks a reply as a question (the outgoing side writes the same one). */
export const QUESTION_TAG = "question";

/** A post as an inbox `Create` or `Update` carries it. */
export interface IncomingPost
  extends Omit<
    RemotePostData,
    "inReplyToEntryId" | "inReplyToRemoteId" | "conversationId" | "isQuestion"
  > {
  /** Our members it addresses (to/cc or a `Mention`), by handle. */
  addressedHandles: string[];
}

/**
 * Keeps a remote post when it concerns this server: its author is followed
 * here, it replies to one of our entries or to a post we keep, it addresses
 * our members, or we keep it already (an `Update`). A reply carrying the
 * `#question` hashtag is a question. The parent's local author is told
 * (`reply` / `question`), addressed members get `mention`; the object id is
 * the dedupe key, so a post delivered twice or edited notifies once.
 * Returns the post's id, or null when nothing was kept.
 */
export async function receivePost(
  ctx: Ctx,
  post: IncomingPost,
  /**
   * keep: keep it whoever wrote it (a followed account shared it);
   * quiet: tell no one (read from an outbox, not delivered to us).
   */
  options: { keep?: boolean; quiet?: boolean } = {},
): Promise<string | null> {
  // Whether to keep it is read first, outside any transaction: most posts a
  // server receives are by followed accounts and need one query here, and a
  // post nobody here wants opens no transaction at all.
  const parent = post.inReplyToUri
    ? await findPostByUri(ctx, post.inReplyToUri, post.authorId)
    : null;
  const recipients = await localActorIds(ctx, post.addressedHandles);
  const wanted =
    options.keep || parent || recipients.length > 0 || (await knownOrFollowed(ctx, post));
  if (!wanted) return null;
  return storeReceivedPost(ctx, { post, parent, recipients, quiet: options.quiet === true });
}

/** A post found worth keeping, with what it replies to and whom here it addresses. */
interface ReceivedPost {
  post: IncomingPost;
  parent: PostTarget | null;
  recipients: string[];
  quiet: boolean;
}

/** Posts received at the same moment are stored in one transaction (batched.ts). */
const storeReceivedPost = batched<ReceivedPost, string | null>({
  many: (ctx, batch) => transactional(ctx, (tx) => storeReceived(tx, batch)),
  key: (received) => received.post.uri,
  max: 50,
});

/**
 * Stores received posts (their URIs differ) and tells whom they concern: a
 * reply's local author (`reply` / `question`), addressed members
 * (`mention`), and the streams of a post new here. Returns each post's id,
 * or null where nothing was kept.
 */
async function storeReceived(tx: TxCtx, batch: readonly ReceivedPost[]) {
  const stored = await storeRemotePosts(
    tx,
    batch.map(({ post, parent }) => ({
      ...post,
      inReplyToEntryId: parent?.kind === "entry" ? parent.id : null,
      inReplyToRemoteId: parent?.kind === "remote" ? parent.id : null,
      conversationId: parent?.conversationId ?? null,
      isQuestion: isQuestion(post, parent),
    })),
  );
  const added: StreamEvent[] = [];
  for (const [i, { post, parent, recipients, quiet }] of batch.entries()) {
    const row = stored[i];
    if (!row) continue;
    if (recipients.length > 0) {
      await tx.db
        .insert(remotePostRecipients)
        .values(recipients.map((actorId) => ({ remotePostId: row.id, actorId })))
        .onConflictDoNothing();
    }
    if (quiet) continue;
    const about = { fromActorId: post.authorId, remotePostId: row.id, dedupeKey: post.uri };
    if (parent?.authorIsLocal) {
      await notify(tx, {
        ...about,
        recipientId: parent.authorId,
        type: isQuestion(post, parent) ? "question" : "reply",
        entryId: parent.kind === "entry" ? parent.id : null,
      });
    }
    for (const recipientId of recipients) {
      await notify(tx, { ...about, recipientId, type: "mention" });
    }
    if (row.inserted) added.push({ kind: "post", id: row.id });
  }
  await announceStreams(tx, added);
  return stored.map((row) => row?.id ?? null);
}

/** A reply carrying the `#question` hashtag is a question. */
function isQuestion(post: IncomingPost, parent: PostTarget | null): boolean {
  return parent !== null && (post.tags ?? []).includes(QUESTION_TAG);
}

/**
 * Whether we keep each post already (an `Update`) or a member follows its
 * author: one query, for the posts received at the same moment.
 */
const knownOrFollowed = batched<IncomingPost, boolean>({
  async many(ctx, posts) {
    const received = posts.map(
      (post, i) => sql`(${i}::int, ${post.uri}::text, ${post.authorId}::uuid)`,
    );
    const rows = await ctx.db.execute<{ wanted: boolean }>(sql`select
      exists (select 1 from ${remotePosts} where ${remotePosts.uri} = received.uri)
      or exists (select 1 from ${follows} inner join ${actors} on ${actors.id} = ${follows.followerId}
        where ${follows.followedId} = received.author_id and ${follows.state} = 'accepted'
          and ${actors.host} is null) as wanted
      from (values ${sql.join(received, sql`, `)}) as received (i, uri, author_id)
      order by received.i`);
    return rows.map((row) => row.wanted === true);
  },
  max: 100,
});

/**
 * An actor's `Delete` of something it made: a post we keep, or its `Like` /
 * `Announce` activity (some servers delete those instead of undoing them).
 * Only the actor's own rows go; anything else is ignored.
 */
export async function removeRemoteObject(ctx: Ctx, uri: string, actorId: string) {
  await transactional(ctx, async (tx) => {
    const postId = await deleteRemotePost(tx, uri, actorId);
    if (postId) {
      await announceStream(tx, { kind: "deleted", id: postId, authorId: actorId });
      return;
    }
    await tx.db.delete(likes).where(and(eq(likes.uri, uri), eq(likes.actorId, actorId)));
    await tx.db.delete(shares).where(and(eq(shares.uri, uri), eq(shares.actorId, actorId)));
  });
}

/**
 * A remote account was deleted (its `Delete` of itself, or its server
 * answering 410 Gone for it): its posts, likes, shares and follows go. The
 * actor row stays, so reports and blocks about it keep their subject.
 */
export async function forgetRemoteActor(ctx: Ctx, actorId: string) {
  await transactional(ctx, async (tx) => {
    const posts = await tx.db
      .delete(remotePosts)
      .where(eq(remotePosts.authorId, actorId))
      .returning({ id: remotePosts.id });
    for (const post of posts) {
      await announceStream(tx, { kind: "deleted", id: post.id, authorId: actorId });
    }
    await tx.db.delete(likes).where(eq(likes.actorId, actorId));
    await tx.db.delete(shares).where(eq(shares.actorId, actorId));
    await tx.db
      .delete(follows)
      .where(or(eq(follows.followerId, actorId), eq(follows.followedId, actorId)));
  });
}
