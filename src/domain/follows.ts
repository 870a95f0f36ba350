import { and, eq, sql } from "drizzle-orm";
import { follows } from "../db/schema/accounts.ts";
import { notifications } from "../db/schema/social.ts";
import { findLocalActor } from "./accounts/members.ts";
import { type Ctx, transactional } from "./context.ts";
import { notShown } from "./entries/not-shown.ts";
import { forbidden, invalid } from "./errors.ts";
import { notifyFollow } from "./notifications/follows.ts";
import type { CurrentUser, Viewer } from "./viewer.ts";

/**
 * Follows a local member: accepted at once, or pending until they approve
 * when their account is locked (they get `follow` or `follow_request`).
 * Following again changes nothing; a block either way refuses the follow.
 */
export async function follow(ctx: Ctx, follower: CurrentUser, input: { handle: string }) {
  const target = await findLocalActor(ctx, input.handle);
  if (!target) throw notShown();
  if (target.id === follower.actorId) throw invalid("You cannot follow yourself.");
  await transactional(ctx, async (tx) => {
    const blocked = await tx.db.execute(sql`select 1 from blocks
      where (actor_id = ${target.id} and target_id = ${follower.actorId})
        or (actor_id = ${follower.actorId} and target_id = ${target.id})`);
    if (blocked.length > 0) throw forbidden("You cannot follow this account.");
    const pending = target.manuallyApprovesFollowers;
    const added = await tx.db
      .insert(follows)
      .values({
        followerId: follower.actorId,
        followedId: target.id,
        state: pending ? "pending" : "accepted",
        createdAt: tx.now(),
      })
      .onConflictDoNothing()
      .returning({ state: follows.state });
    if (added.length > 0) await notifyFollow(tx, follower.actorId, target.id, pending);
  });
}

/**
 * Stops following a local member, or withdraws a request still waiting for
 * their approval (its `follow_request` notification goes with it).
 */
export async function unfollow(ctx: Ctx, follower: CurrentUser, input: { handle: string }) {
  const target = await findLocalActor(ctx, input.handle);
  if (!target) throw notShown();
  await transactional(ctx, async (tx) => {
    const gone = await tx.db
      .delete(follows)
      .where(and(eq(follows.followerId, follower.actorId), eq(follows.followedId, target.id)))
      .returning({ state: follows.state });
    if (gone[0]?.state !== "pending") return;
    await tx.db
      .delete(notifications)
      .where(
        and(
          eq(notifications.recipientId, target.id),
          eq(notifications.fromActorId, follower.actorId),
          eq(notifications.type, "follow_request"),
        ),
      );
  });
}

/** Whether the viewer follows `actorId` (accepted). */
export async function isFollowing(ctx: Ctx, viewer: Viewer, actorId: string): Promise<boolean> {
  if (viewer.actorId === null) return false;
  const rows = await ctx.db
    .select({ state: follows.state })
    .from(follows)
    .where(and(eq(follows.followerId, viewer.actorId), eq(follows.followedId, actorId)));
  return rows[0]?.state === "accepted";
}
