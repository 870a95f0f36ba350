import { and, eq } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { type Ctx, transactional } from "../context.ts";
import { queueEntryRemoval } from "../federation/outgoing.ts";
import { isUuid } from "../ids.ts";
import { removeEntryMedia } from "../media/index.ts";
import { announceStream } from "../stream.ts";
import type { CurrentUser } from "../viewer.ts";
import { notShown } from "./not-shown.ts";

/**
 * Deletes an entry (its author only) with everything hanging off it: its
 * versions and tags go by cascade; a pending publishing job finds nothing;
 * its media files are removed once the deletion commits.
 */
export async function deleteEntry(ctx: Ctx, author: CurrentUser, input: { id: string }) {
  if (!isUuid(input.id)) throw notShown();
  await transactional(ctx, async (tx) => {
    await queueEntryRemoval(tx, input.id, author.actorId);
    await removeEntryMedia(tx, input.id, author.actorId);
    const deleted = await tx.db
      .delete(entries)
      .where(and(eq(entries.id, input.id), eq(entries.authorId, author.actorId)))
      .returning({ id: entries.id, status: entries.status, audience: entries.audience });
    if (deleted.length === 0) throw notShown();
    // Apps that showed it live take it off their timelines.
    const [gone] = deleted;
    if (gone?.status === "published") {
      const wasPublic = gone.audience === "public";
      await announceStream(tx, {
        kind: "deleted",
        id: gone.id,
        authorId: author.actorId,
        public: wasPublic,
      });
    }
  });
}
