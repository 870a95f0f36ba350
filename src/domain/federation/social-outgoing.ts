import { and, eq, isNull, sql } from "drizzle-orm";
import { actors, follows } from "../../db/schema/accounts.ts";
import { blocks } from "../../db/schema/social.ts";
import { enqueue } from "../../jobs/queue.ts";
import type { Ctx, TxCtx } from "../context.ts";
import { newId } from "../ids.ts";
import { acceptAnswerDraft } from "./answer-outgoing.ts";
import type { RemoteRecipient } from "./follows.ts";
import { moveDraft } from "./move-outgoing.ts";
import { flagDraft, updateProfileDraft } from "./profile-outgoing.ts";
import { localActorUri } from "./references.ts";

/**
 * Social activities a local member's action sends to other servers. The
 * operation that made the change queues it in its own transaction; the
 * federation helper turns it into a durable delivery job.
 *
 * - like / share: `Like` / `Announce` of a post (entry id or remote post id);
 * - unlike / unshare: `Undo` of the activity whose id (`uri`) we sent before;
 * - block / unblock: `Block` / `Undo(Block)` to a remote actor;
 * - accept-follow / reject-follow: answer a pending Follow (its `uri`);
 * - update-profile: `Update` of the member's `Person` to their remote followers
 *   (the Person is read when the job runs, so several saves send the latest);
 * - flag: a report (`reports` row) forwarded as `Flag` to the target's server;
 * - accept-answer: `Accept` of an answer to a question (`undo`: it was cleared);
 * - move: `Move` of the member to the account `moved_to_id` names, to their followers.
 */
export type SocialActivity =
  | { type: "like"; actorId: string; likeId: string }
  | { type: "unlike"; actorId: string; uri: string; postId: string }
  | { type: "share"; actorId: string; shareId: string }
  | { type: "unshare"; actorId: string; uri: string; postId: string }
  | { type: "block"; actorId: string; targetId: string }
  | { type: "unblock"; actorId: string; targetId: string }
  | { type: "accept-follow"; actorId: string; followerId: string }
  | { type: "reject-follow"; actorId: string; followerId: string; followUri: string | null }
  | { type: "update-profile"; actorId: string }
  | { type: "flag"; actorId: string; reportId: string }
  | { type: "accept-answer"; actorId: string; questionId: string; answerId: string; undo: boolean }
  | { type: "move"; actorId: string };

/** The job that sends one social activity (src/federation/outgoing-social.ts). */
export const SOCIAL_DELIVERY_JOB = "federation-social";

/**
 * Everything the activity needs, read in the transaction that caused it
 * (the rows it names may be gone when the job runs: an unlike, an unblock).
 */
export interface SocialDeliveryPayload {
  activity:
    | "Like"
    | "Announce"
    | "Block"
    | "Accept"
    | "Reject"
    | "Update"
    | "Flag"
    | "AcceptAnswer"
    | "Move";
  /** Send `Undo` of that activity instead. */
  undo: boolean;
  actorId: string;
  actorHandle: string;
  /** The activity's id (for an Undo: the withdrawn activity's id, when known). */
  id: string | null;
  /** The Undo's own id (unique per act: receivers drop ids they saw). */
  undoId: string | null;
  /**
   * A post's id (Like, Announce), an actor's (Block, Flag; Update: the member
   * itself) or a Follow's (Accept, Reject; may be null).
   */
  object: string | null;
  /** Accept / Reject: who sent the Follow. */
  followActor: string | null;
  /** Announce: who sees the share (an Undo: null). */
  audience: "public" | "unlisted" | "followers" | null;
  /** The author of the liked or shared post (cc'd). */
  postAuthor: string | null;
  /** Also to the actor's remote followers (Announce and its Undo). */
  toFollowers: boolean;
  /** Remote actors it goes to directly. */
  recipients: RemoteRecipient[];
  /** Flag: the reported posts' ids, after the account in `object`. */
  objects?: string[];
  /** Flag: the reporter's comment. */
  content?: string;
  /** AcceptAnswer: the question's id; Move: the new account's id. */
  target?: string | null;
  /** Whose remote followers `toFollowers` means, when not the actor's (a local question's author). */
  followersOf?: { id: string; handle: string } | null;
}

/** What a draft function decides; the actor and the Undo id are added by `queueSocialDelivery`. */
export type Draft = Omit<SocialDeliveryPayload, "actorId" | "actorHandle" | "undoId">;

interface PostRow extends Record<string, unknown> {
  uri: string | null;
  author_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  remote: boolean;
}

/**
 * A post's ActivityPub id and its author: an entry's permalink, or a remote
 * post's uri (a subquery for a `lateral` join; columns uri, author_uri,
 * inbox_url, shared_inbox_url, remote).
 */
export function postSql(ctx: Ctx, entryId: unknown, remoteId: unknown) {
  const base = ctx.config.publicUrl.replace(/\/+$/, "");
  return sql`select
      coalesce(rp.uri, ${base} || '/@' || ea.handle || '/' || e.id::text) as uri,
      coalesce(ra.uri, ${base} || '/@' || ea.handle) as author_uri,
      ra.inbox_url, ra.shared_inbox_url, (rp.id is not null) as remote
    from (select ${entryId}::uuid as entry_id, ${remoteId}::uuid as remote_id) t
    left join entries e on e.id = t.entry_id
    left join actors ea on ea.id = e.author_id
    left join remote_posts rp on rp.id = t.remote_id
    left join actors ra on ra.id = rp.author_id and ra.host is not null`;
}

function recipientOf(row: {
  author_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
}): RemoteRecipient[] {
  return row.author_uri && row.inbox_url
    ? [{ uri: row.author_uri, inboxUrl: row.inbox_url, sharedInboxUrl: row.shared_inbox_url }]
    : [];
}

async function remoteActor(tx: TxCtx, actorId: string) {
  const [row] = await tx.db
    .select({ uri: actors.uri, inboxUrl: actors.inboxUrl, sharedInboxUrl: actors.sharedInboxUrl })
    .from(actors)
    .where(and(eq(actors.id, actorId), sql`${actors.host} is not null`));
  return row?.uri && row.inboxUrl
    ? { uri: row.uri, inboxUrl: row.inboxUrl, sharedInboxUrl: row.sharedInboxUrl }
    : null;
}

/** Whether any remote actor follows this one (an Announce has someone to reach). */
export async function hasRemoteFollowers(tx: TxCtx, actorId: string): Promise<boolean> {
  const rows = await tx.db.execute(sql`select 1 from follows f join actors a on a.id = f.follower_id
    where f.followed_id = ${actorId} and f.state = 'accepted' and a.host is not null limit 1`);
  return rows.length > 0;
}

const empty = {
  undo: false,
  followActor: null,
  audience: null,
  postAuthor: null,
  toFollowers: false,
} as const;

async function likeDraft(tx: TxCtx, likeId: string): Promise<Draft | null> {
  const [row] = await tx.db.execute<PostRow & { like_uri: string | null }>(sql`
    select l.uri as like_uri, p.* from likes l,
      lateral (${postSql(tx, sql`l.entry_id`, sql`l.remote_post_id`)}) p
    where l.id = ${likeId}`);
  // Liking a local entry tells no other server.
  if (!row?.remote || !row.uri || !row.like_uri) return null;
  return {
    ...empty,
    activity: "Like",
    id: row.like_uri,
    object: row.uri,
    postAuthor: row.author_uri,
    recipients: recipientOf(row),
  };
}

async function shareDraft(tx: TxCtx, actorId: string, shareId: string): Promise<Draft | null> {
  const [row] = await tx.db.execute<
    PostRow & { share_uri: string | null; audience: "public" | "unlisted" | "followers" }
  >(sql`
    select s.uri as share_uri, s.audience, p.* from shares s,
      lateral (${postSql(tx, sql`s.entry_id`, sql`s.remote_post_id`)}) p
    where s.id = ${shareId}`);
  if (!row?.uri || !row.share_uri) return null;
  if (!row.remote && !(await hasRemoteFollowers(tx, actorId))) return null;
  return {
    ...empty,
    activity: "Announce",
    id: row.share_uri,
    object: row.uri,
    audience: row.audience,
    postAuthor: row.author_uri,
    toFollowers: true,
    recipients: recipientOf(row),
  };
}

/** Undo of a Like or an Announce: only a remote post's author (and for shares, followers) care. */
async function undoPostDraft(
  tx: TxCtx,
  activity: "Like" | "Announce",
  actorId: string,
  uri: string,
  postId: string,
): Promise<Draft | null> {
  const [row] = await tx.db.execute<PostRow>(postSql(tx, postId, postId));
  if (!row?.uri) return null;
  const toFollowers = activity === "Announce";
  if (!row.remote && !(toFollowers && (await hasRemoteFollowers(tx, actorId)))) return null;
  return {
    ...empty,
    activity,
    undo: true,
    id: uri,
    object: row.uri,
    postAuthor: row.author_uri,
    toFollowers,
    recipients: recipientOf(row),
  };
}

async function blockDraft(
  tx: TxCtx,
  actorId: string,
  actorHandle: string,
  targetId: string,
  undo: boolean,
): Promise<Draft | null> {
  const target = await remoteActor(tx, targetId);
  if (!target) return null;
  let id: string | null = null;
  if (!undo) {
    // Each block is its own activity; its id is kept for reference.
    id = `${localActorUri(tx, actorHandle)}#blocks/${newId()}`;
    const [row] = await tx.db
      .update(blocks)
      .set({ uri: id })
      .where(and(eq(blocks.actorId, actorId), eq(blocks.targetId, targetId), isNull(blocks.uri)))
      .returning({ uri: blocks.uri });
    if (!row) {
      const [kept] = await tx.db
        .select({ uri: blocks.uri })
        .from(blocks)
        .where(and(eq(blocks.actorId, actorId), eq(blocks.targetId, targetId)));
      id = kept?.uri ?? id;
    }
  }
  return { ...empty, activity: "Block", undo, id, object: target.uri, recipients: [target] };
}

async function followAnswerDraft(
  tx: TxCtx,
  activity: "Accept" | "Reject",
  actorHandle: string,
  followerId: string,
  followUri: string | null,
): Promise<Draft | null> {
  const follower = await remoteActor(tx, followerId);
  if (!follower) return null;
  const answerId = `${localActorUri(tx, actorHandle)}#${activity.toLowerCase()}s/${newId()}`;
  return {
    ...empty,
    activity,
    id: answerId,
    object: followUri,
    followActor: follower.uri,
    recipients: [follower],
  };
}

async function draftOf(tx: TxCtx, handle: string, activity: SocialActivity) {
  switch (activity.type) {
    case "like":
      return likeDraft(tx, activity.likeId);
    case "share":
      return shareDraft(tx, activity.actorId, activity.shareId);
    case "unlike":
      return undoPostDraft(tx, "Like", activity.actorId, activity.uri, activity.postId);
    case "unshare":
      return undoPostDraft(tx, "Announce", activity.actorId, activity.uri, activity.postId);
    case "block":
    case "unblock":
      return blockDraft(
        tx,
        activity.actorId,
        handle,
        activity.targetId,
        activity.type === "unblock",
      );
    case "accept-follow": {
      const [row] = await tx.db
        .select({ uri: follows.uri })
        .from(follows)
        .where(
          and(
            eq(follows.followerId, activity.followerId),
            eq(follows.followedId, activity.actorId),
          ),
        );
      return followAnswerDraft(tx, "Accept", handle, activity.followerId, row?.uri ?? null);
    }
    case "reject-follow":
      return followAnswerDraft(tx, "Reject", handle, activity.followerId, activity.followUri);
    case "update-profile":
      return updateProfileDraft(tx, activity.actorId, handle);
    case "flag":
      return flagDraft(tx, activity.reportId);
    case "accept-answer":
      return acceptAnswerDraft(tx, handle, activity);
    case "move":
      return moveDraft(tx, activity.actorId, handle);
  }
}

/**
 * Queues the delivery of `activity` in the caller's transaction. Local-only
 * cases (a local target, nobody remote to tell) do nothing.
 */
export async function queueSocialDelivery(tx: TxCtx, activity: SocialActivity): Promise<void> {
  const [actor] = await tx.db
    .select({ handle: actors.handle })
    .from(actors)
    .where(and(eq(actors.id, activity.actorId), isNull(actors.host)));
  if (!actor) return;
  const draft = await draftOf(tx, actor.handle, activity);
  if (!draft || (draft.recipients.length === 0 && !draft.toFollowers)) return;
  const payload: SocialDeliveryPayload = {
    ...draft,
    actorId: activity.actorId,
    actorHandle: actor.handle,
    undoId: draft.undo ? `${localActorUri(tx, actor.handle)}#undo/${newId()}` : null,
  };
  await enqueue(tx.db, SOCIAL_DELIVERY_JOB, payload);
}
