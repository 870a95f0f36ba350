import { sql } from "drizzle-orm";
import { type NOTIFICATION_TYPES, notifications } from "../../db/schema/social.ts";
import type { TxCtx } from "../context.ts";
import { newId } from "../ids.ts";
import { announceStream } from "../stream.ts";

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationInput {
  /** The local member told. */
  recipientId: string;
  type: NotificationType;
  /** Who did it; null for the coach. */
  fromActorId: string | null;
  entryId?: string | null;
  remotePostId?: string | null;
  detail?: Record<string, unknown>;
  /** The same event (e.g. an activity id) notifies once, however often it arrives. */
  dedupeKey?: string | null;
}

/**
 * Tells a local member that something happened, in the transaction that made
 * it happen. Nobody is told about their own actions, nor by someone they
 * blocked or muted (with notifications hidden). Returns the new id, or null.
 */
export async function notify(tx: TxCtx, input: NotificationInput): Promise<string | null> {
  if (input.fromActorId === input.recipientId) return null;
  if (input.fromActorId) {
    const silenced = await tx.db.execute(sql`select 1 where exists (
        select 1 from blocks where actor_id = ${input.recipientId} and target_id = ${input.fromActorId})
      or exists (select 1 from mutes where actor_id = ${input.recipientId}
        and target_id = ${input.fromActorId} and hide_notifications
        and (expires_at is null or expires_at > ${tx.now().toISOString()}::timestamptz))`);
    if (silenced.length > 0) return null;
  }
  const id = newId();
  const rows = await tx.db
    .insert(notifications)
    .values({
      id,
      recipientId: input.recipientId,
      type: input.type,
      fromActorId: input.fromActorId,
      entryId: input.entryId ?? null,
      remotePostId: input.remotePostId ?? null,
      detail: input.detail ?? {},
      dedupeKey: input.dedupeKey ?? null,
      createdAt: tx.now(),
    })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  if (rows.length === 0) return null;
  await announceStream(tx, { kind: "notification", recipientId: input.recipientId, id });
  return id;
}
