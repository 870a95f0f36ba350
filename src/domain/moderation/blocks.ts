import { and, desc, eq, or, sql } from "drizzle-orm";
import { actors, follows } from "../../db/schema/accounts.ts";
import { blocks, notifications } from "../../db/schema/social.ts";
import type { PageRequest } from "../api/paging.ts";
import { type Ctx, transactional } from "../context.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import type { CurrentUser } from "../viewer.ts";
import { type ActorSummary, actorSummaryColumns, otherActor, summaryOf } from "./actors.ts";
import { listPage } from "./list-page.ts";

/** Ends follows between two actors, both ways (blocks and domain blocks). */
export async function endFollowsBetween(ctx: Ctx, a: string, b: string): Promise<void> {
  await ctx.db
    .delete(follows)
    .where(
      or(
        and(eq(follows.followerId, a), eq(follows.followedId, b)),
        and(eq(follows.followerId, b), eq(follows.followedId, a)),
      ),
    );
}

/**
 * Blocks an account: neither sees the other's posts any more (the
 * authorization rules read `blocks`), follows between them end, their
 * notifications to the member go, and a remote account is told (`Block`) —
 * all in one transaction. Blocking twice is not an error.
 */
export async function blockActor(
  ctx: Ctx,
  user: CurrentUser,
  targetId: string,
): Promise<{ blocking: true }> {
  const target = await otherActor(ctx, user, targetId);
  await transactional(ctx, async (tx) => {
    const added = await tx.db
      .insert(blocks)
      .values({ actorId: user.actorId, targetId: target.id, createdAt: tx.now() })
      .onConflictDoNothing()
      .returning({ targetId: blocks.targetId });
    await endFollowsBetween(tx, user.actorId, target.id);
    await tx.db
      .delete(notifications)
      .where(
        and(eq(notifications.recipientId, user.actorId), eq(notifications.fromActorId, target.id)),
      );
    if (added.length > 0 && target.host !== null) {
      await queueSocialDelivery(tx, { type: "block", actorId: user.actorId, targetId: target.id });
    }
  });
  return { blocking: true };
}

/** Lifts a block (a remote account is told with `Undo(Block)`); follows stay ended. */
export async function unblockActor(
  ctx: Ctx,
  user: CurrentUser,
  targetId: string,
): Promise<{ blocking: false }> {
  const target = await otherActor(ctx, user, targetId);
  await transactional(ctx, async (tx) => {
    const removed = await tx.db
      .delete(blocks)
      .where(and(eq(blocks.actorId, user.actorId), eq(blocks.targetId, target.id)))
      .returning({ targetId: blocks.targetId });
    if (removed.length > 0 && target.host !== null) {
      await queueSocialDelivery(tx, {
        type: "unblock",
        actorId: user.actorId,
        targetId: target.id,
      });
    }
  });
  return { blocking: false };
}

export interface BlockedActor extends ActorSummary {
  blockedAt: Date;
}

/**
 * The accounts the member blocked, most recent first. With `page` (the
 * client API), one page of it: cursors are the blocked accounts' ids.
 */
export async function blockedActors(
  ctx: Ctx,
  user: CurrentUser,
  options: { limit?: number; page?: PageRequest } = {},
): Promise<BlockedActor[]> {
  const list = listPage(
    options.page,
    {
      at: sql`${blocks.createdAt}`,
      id: sql`${blocks.targetId}`,
      anchor: (id) => sql`(select b.created_at from blocks b
        where b.actor_id = ${user.actorId} and b.target_id = ${id})`,
    },
    { order: [desc(blocks.createdAt), desc(blocks.targetId)], limit: options.limit },
  );
  const rows = await ctx.db
    .select({ ...actorSummaryColumns, blockedAt: blocks.createdAt })
    .from(blocks)
    .innerJoin(actors, eq(actors.id, blocks.targetId))
    .where(and(eq(blocks.actorId, user.actorId), list.where))
    .orderBy(...list.order)
    .limit(list.limit);
  return list.finish(rows).map(summaryOf);
}
