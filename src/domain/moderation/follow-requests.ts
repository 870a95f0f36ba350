import { and, asc, eq, sql } from "drizzle-orm";
import { actors, follows } from "../../db/schema/accounts.ts";
import { notifications } from "../../db/schema/social.ts";
import type { PageRequest } from "../api/paging.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { type ActorSummary, actorSummaryColumns, summaryOf } from "./actors.ts";
import { listPage } from "./list-page.ts";

export interface FollowRequest extends ActorSummary {
  requestedAt: Date;
}

/**
 * Who asked to follow the member (a locked account) and waits, oldest first.
 * With `page` (the client API), newest first as Mastodon lists them, one
 * page: cursors are the requesters' ids.
 */
export async function pendingFollowRequests(
  ctx: Ctx,
  user: CurrentUser,
  options: { limit?: number; page?: PageRequest } = {},
): Promise<FollowRequest[]> {
  const list = listPage(
    options.page,
    {
      at: sql`${follows.createdAt}`,
      id: sql`${follows.followerId}`,
      anchor: (id) => sql`(select f.created_at from follows f
        where f.followed_id = ${user.actorId} and f.follower_id = ${id} and f.state = 'pending')`,
    },
    { order: [asc(follows.createdAt), asc(follows.followerId)], limit: options.limit },
  );
  const rows = await ctx.db
    .select({ ...actorSummaryColumns, requestedAt: follows.createdAt })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .where(and(eq(follows.followedId, user.actorId), eq(follows.state, "pending"), list.where))
    .orderBy(...list.order)
    .limit(list.limit);
  return list.finish(rows).map(summaryOf);
}

/** The pending request from `followerId`, locked for the answer, or not found. */
async function pendingRequest(tx: TxCtx, user: CurrentUser, followerId: string) {
  if (!isUuid(followerId)) throw notShown();
  const [row] = await tx.db
    .select({ uri: follows.uri, host: actors.host })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .where(
      and(
        eq(follows.followerId, followerId),
        eq(follows.followedId, user.actorId),
        eq(follows.state, "pending"),
      ),
    )
    .for("update", { of: follows });
  if (!row) throw notShown();
  return row;
}

/** The request is answered: its notification has nothing left to ask. */
async function dropRequestNotification(tx: TxCtx, user: CurrentUser, followerId: string) {
  await tx.db
    .delete(notifications)
    .where(
      and(
        eq(notifications.recipientId, user.actorId),
        eq(notifications.fromActorId, followerId),
        eq(notifications.type, "follow_request"),
      ),
    );
}

/**
 * Answers the pending request from `followerId`: the follow is accepted or
 * removed, the request's notification goes, and a remote follower is sent
 * `Accept` / `Reject` — one transaction.
 */
async function answerRequest(
  ctx: Ctx,
  user: CurrentUser,
  followerId: string,
  approve: boolean,
): Promise<void> {
  await transactional(ctx, async (tx) => {
    const request = await pendingRequest(tx, user, followerId);
    const theFollow = and(eq(follows.followerId, followerId), eq(follows.followedId, user.actorId));
    if (approve) await tx.db.update(follows).set({ state: "accepted" }).where(theFollow);
    else await tx.db.delete(follows).where(theFollow);
    await dropRequestNotification(tx, user, followerId);
    if (request.host === null) return;
    await queueSocialDelivery(
      tx,
      approve
        ? { type: "accept-follow", actorId: user.actorId, followerId }
        : { type: "reject-follow", actorId: user.actorId, followerId, followUri: request.uri },
    );
  });
}

/** Accepts a follow request; a remote follower is sent `Accept(Follow)`. */
export function approveFollowRequest(ctx: Ctx, user: CurrentUser, followerId: string) {
  return answerRequest(ctx, user, followerId, true);
}

/** Declines a follow request; a remote follower is sent `Reject(Follow)`. */
export function rejectFollowRequest(ctx: Ctx, user: CurrentUser, followerId: string) {
  return answerRequest(ctx, user, followerId, false);
}

/**
 * The member unlocked their account: everyone still waiting becomes a
 * follower (remote ones are sent `Accept`), in the caller's transaction.
 */
export async function approveAllFollowRequests(tx: TxCtx, user: CurrentUser): Promise<number> {
  const waiting = await tx.db
    .update(follows)
    .set({ state: "accepted" })
    .where(and(eq(follows.followedId, user.actorId), eq(follows.state, "pending")))
    .returning({ followerId: follows.followerId });
  for (const { followerId } of waiting) {
    await dropRequestNotification(tx, user, followerId);
    const [follower] = await tx.db
      .select({ host: actors.host })
      .from(actors)
      .where(eq(actors.id, followerId));
    if (follower?.host) {
      await queueSocialDelivery(tx, { type: "accept-follow", actorId: user.actorId, followerId });
    }
  }
  return waiting.length;
}
