import { and, eq, isNotNull, isNull, or } from "drizzle-orm";
import { actors, follows } from "../../db/schema/accounts.ts";
import { blocks, notifications } from "../../db/schema/social.ts";
import { type Ctx, transactional } from "../context.ts";
import { notifyFollow } from "../notifications/follows.ts";
import { moveLocalFollowers } from "./follower-move.ts";

/** How a remote `Follow` of a member ended: kept, waiting for approval, or refused (a block). */
export type FollowOutcome = "accepted" | "pending" | "refused";

/**
 * A remote actor asks to follow a member. A locked account
 * (`manuallyApprovesFollowers`) keeps it pending and gets `follow_request`;
 * otherwise it is accepted and the member gets `follow`. A block either way
 * refuses it. A repeated `Follow` keeps the state it has (an accepted one is
 * accepted again, so the caller answers `Accept` again) and notifies no one.
 * The activity id is kept: `Accept` / `Reject` sent later name it.
 */
export async function receiveFollow(
  ctx: Ctx,
  follow: { followerId: string; followedId: string; uri: string },
): Promise<FollowOutcome> {
  return transactional(ctx, async (tx) => {
    const { followerId, followedId } = follow;
    const [blocked] = await tx.db
      .select({ actorId: blocks.actorId })
      .from(blocks)
      .where(
        or(
          and(eq(blocks.actorId, followedId), eq(blocks.targetId, followerId)),
          and(eq(blocks.actorId, followerId), eq(blocks.targetId, followedId)),
        ),
      );
    if (blocked) return "refused";
    const [member] = await tx.db
      .select({ locked: actors.manuallyApprovesFollowers })
      .from(actors)
      .where(and(eq(actors.id, followedId), isNull(actors.host)));
    if (!member) return "refused";
    const state = member.locked ? "pending" : "accepted";
    const inserted = await tx.db
      .insert(follows)
      .values({ followerId, followedId, state, uri: follow.uri, createdAt: tx.now() })
      .onConflictDoNothing()
      .returning({ state: follows.state });
    if (inserted.length > 0) {
      await notifyFollow(tx, followerId, followedId, state === "pending");
      return state;
    }
    const [kept] = await tx.db
      .update(follows)
      .set({ uri: follow.uri })
      .where(and(eq(follows.followerId, followerId), eq(follows.followedId, followedId)))
      .returning({ state: follows.state });
    return kept?.state ?? state;
  });
}

/** `Undo(Follow)`: the follow goes, and a request still waiting leaves the member's notifications. */
export async function undoRemoteFollow(ctx: Ctx, followerId: string, followedId: string) {
  await transactional(ctx, async (tx) => {
    await tx.db
      .delete(follows)
      .where(and(eq(follows.followerId, followerId), eq(follows.followedId, followedId)));
    await tx.db
      .delete(notifications)
      .where(
        and(
          eq(notifications.recipientId, followedId),
          eq(notifications.fromActorId, followerId),
          eq(notifications.type, "follow_request"),
        ),
      );
  });
}

/** The remote account refused our follow (`Reject`): the follow goes, pending or not. */
export async function followRejected(ctx: Ctx, followerId: string, followedId: string) {
  return transactional(ctx, async (tx) => {
    const gone = await tx.db
      .delete(follows)
      .where(and(eq(follows.followerId, followerId), eq(follows.followedId, followedId)))
      .returning({ state: follows.state });
    return gone.length > 0;
  });
}

/**
 * A remote account moved (`Move`, its new identity verified by the caller):
 * it remembers where it went, each local member who followed it now follows
 * the new account (a `Follow` is sent, as for any remote follow) and is told
 * (`move`). Returns how many members were moved along.
 */
export async function moveRemoteFollowers(
  ctx: Ctx,
  move: { oldId: string; newId: string; newUri: string },
): Promise<number> {
  return transactional(ctx, async (tx) => {
    await tx.db
      .update(actors)
      .set({ movedToId: move.newId, updatedAt: tx.now() })
      .where(and(eq(actors.id, move.oldId), isNotNull(actors.host)));
    return moveLocalFollowers(tx, move);
  });
}
