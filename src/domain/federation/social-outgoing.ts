import type { TxCtx } from "../context.ts";

/**
 * Social activities a local member's action sends to other servers. The
 * operation that made the change queues it in its own transaction; the
 * federation helper turns it into a durable delivery job.
 *
 * - like / share: `Like` / `Announce` of a post (entry id or remote post id);
 * - unlike / unshare: `Undo` of the activity whose id (`uri`) we sent before;
 * - block / unblock: `Block` / `Undo(Block)` to a remote actor;
 * - accept-follow / reject-follow: answer a pending Follow (its `uri`).
 */
export type SocialActivity =
  | { type: "like"; actorId: string; likeId: string }
  | { type: "unlike"; actorId: string; uri: string; postId: string }
  | { type: "share"; actorId: string; shareId: string }
  | { type: "unshare"; actorId: string; uri: string; postId: string }
  | { type: "block"; actorId: string; targetId: string }
  | { type: "unblock"; actorId: string; targetId: string }
  | { type: "accept-follow"; actorId: string; followerId: string }
  | { type: "reject-follow"; actorId: string; followerId: string; followUri: string | null };

/**
 * Queues the delivery of `activity` in the caller's transaction. Local-only
 * cases (a local target, nobody remote to tell) do nothing.
 * STUB until the federation helper fills it in: see /work/notes/round4.md.
 */
export async function queueSocialDelivery(_tx: TxCtx, _activity: SocialActivity): Promise<void> {}
