import { and, eq, isNull, lte } from "drizzle-orm";
import { notifications } from "../../db/schema/social.ts";
import { type Ctx, transactional } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";

/**
 * Marks the member's notifications read: all of them, or those up to and
 * including `upToId` (the newest one they saw). Returns how many changed.
 */
export async function markNotificationsRead(
  ctx: Ctx,
  user: CurrentUser,
  upToId?: string | null,
): Promise<number> {
  if (upToId && !isUuid(upToId)) return 0;
  return transactional(ctx, async (tx) => {
    const rows = await tx.db
      .update(notifications)
      .set({ readAt: tx.now() })
      .where(
        and(
          eq(notifications.recipientId, user.actorId),
          isNull(notifications.readAt),
          upToId ? lte(notifications.id, upToId) : undefined,
        ),
      )
      .returning({ id: notifications.id });
    return rows.length;
  });
}

/** Removes one of the member's notifications; false when there was none. */
export async function dismissNotification(
  ctx: Ctx,
  user: CurrentUser,
  id: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  return transactional(ctx, async (tx) => {
    const rows = await tx.db
      .delete(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.recipientId, user.actorId)))
      .returning({ id: notifications.id });
    return rows.length > 0;
  });
}

/** Removes all of the member's notifications. Returns how many went. */
export async function clearNotifications(ctx: Ctx, user: CurrentUser): Promise<number> {
  return transactional(ctx, async (tx) => {
    const rows = await tx.db
      .delete(notifications)
      .where(eq(notifications.recipientId, user.actorId))
      .returning({ id: notifications.id });
    return rows.length;
  });
}
