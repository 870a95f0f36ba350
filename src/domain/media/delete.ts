import { and, eq, isNull, or } from "drizzle-orm";
import { media } from "../../db/schema/media.ts";
import { mediaStorage } from "../../media/storage.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { removeFilesOf } from "./files.ts";

/**
 * Deletes the media of an entry being deleted in this transaction; their
 * files go once it commits (never if it rolls back). Called by deleteEntry
 * before the entry row goes (the rows would go by cascade, their keys with them).
 */
export async function removeEntryMedia(
  tx: TxCtx,
  entryId: string,
  authorId: string,
): Promise<void> {
  const rows = await tx.db
    .delete(media)
    .where(and(eq(media.entryId, entryId), eq(media.ownerId, authorId)))
    .returning();
  if (rows.length === 0) return;
  const storage = mediaStorage(tx.config);
  tx.afterCommit(async () => {
    for (const row of rows) await removeFilesOf(storage, row);
  });
}

/**
 * Deletes one of the member's uploads that no entry uses yet, or that failed
 * (the "Remove" button beside an upload): the row now, the files after commit.
 */
export async function discardUpload(ctx: Ctx, owner: CurrentUser, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  await transactional(ctx, async (tx) => {
    const rows = await tx.db
      .delete(media)
      .where(
        and(
          eq(media.id, id),
          eq(media.ownerId, owner.actorId),
          or(isNull(media.entryId), eq(media.state, "failed")),
        ),
      )
      .returning();
    const [row] = rows;
    if (!row) throw notFound("There is no such upload of yours.");
    const storage = mediaStorage(tx.config);
    tx.afterCommit(() => removeFilesOf(storage, row));
  });
}
