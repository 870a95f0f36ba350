import { and, eq, isNull } from "drizzle-orm";
import { actors, follows, users } from "../../db/schema/accounts.ts";
import type { TxCtx } from "../context.ts";
import { notify } from "../notifications/notify.ts";
import type { CurrentUser } from "../viewer.ts";
import { followRemote } from "./follows.ts";

/**
 * Our members who followed `oldId` follow the remote account `newId` instead
 * (a `Follow` is sent, as for any remote follow) and are told (`move`, once
 * per move). Returns how many were moved along. Used for a remote account's
 * incoming `Move` and for a member's own outgoing one.
 */
export async function moveLocalFollowers(
  tx: TxCtx,
  move: { oldId: string; newId: string; newUri: string },
): Promise<number> {
  const followers = await tx.db
    .select({
      actorId: actors.id,
      userId: users.id,
      handle: actors.handle,
      displayName: actors.displayName,
      role: users.role,
    })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .innerJoin(users, eq(users.actorId, actors.id))
    .where(and(eq(follows.followedId, move.oldId), isNull(actors.host)));
  for (const follower of followers) {
    const member: CurrentUser = follower;
    await tx.db
      .delete(follows)
      .where(and(eq(follows.followerId, member.actorId), eq(follows.followedId, move.oldId)));
    await followRemote(tx, member, move.newUri, move.newId);
    await notify(tx, {
      recipientId: member.actorId,
      type: "move",
      fromActorId: move.oldId,
      detail: { movedToId: move.newId },
      dedupeKey: `move:${move.oldId}:${move.newId}`,
    });
  }
  return followers.length;
}
