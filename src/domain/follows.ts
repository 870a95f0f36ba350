import { and, eq } from "drizzle-orm";
import { follows } from "../db/schema/accounts.ts";
import { findLocalActor } from "./accounts/members.ts";
import { type Ctx, transactional } from "./context.ts";
import { notShown } from "./entries/not-shown.ts";
import { invalid } from "./errors.ts";
import type { CurrentUser, Viewer } from "./viewer.ts";

/** Follows a local member: accepted at once (remote follows will start pending). */
export async function follow(ctx: Ctx, follower: CurrentUser, input: { handle: string }) {
  const target = await findLocalActor(ctx, input.handle);
  if (!target) throw notShown();
  if (target.id === follower.actorId) throw invalid("You cannot follow yourself.");
  await transactional(ctx, async (tx) => {
    await tx.db
      .insert(follows)
      .values({
        followerId: follower.actorId,
        followedId: target.id,
        state: "accepted",
        createdAt: tx.now(),
      })
      .onConflictDoUpdate({
        target: [follows.followerId, follows.followedId],
        set: { state: "accepted" },
      });
  });
}

export async function unfollow(ctx: Ctx, follower: CurrentUser, input: { handle: string }) {
  const target = await findLocalActor(ctx, input.handle);
  if (!target) throw notShown();
  await ctx.db
    .delete(follows)
    .where(and(eq(follows.followerId, follower.actorId), eq(follows.followedId, target.id)));
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
