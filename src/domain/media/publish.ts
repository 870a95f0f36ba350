import { and, eq } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { media } from "../../db/schema/media.ts";
import { type Ctx, transactional } from "../context.ts";
import { notifyAddressees } from "../entries/addressing.ts";
import { queueEntryFederation } from "../federation/outgoing.ts";
import { announceStream } from "../stream.ts";

export type ReadyOutcome = "published" | "waiting" | "failed" | "stale";

/**
 * Publishes an entry that was asked to publish while its media were still
 * processing, once every one is ready. When one failed, the entry goes back
 * to draft: its author sees why on its page and can replace the file.
 * Safe to repeat: an entry no longer "processing" is left alone.
 */
export async function publishWhenMediaReady(ctx: Ctx, entryId: string): Promise<ReadyOutcome> {
  return transactional(ctx, async (tx) => {
    const [entry] = await tx.db
      .select({ id: entries.id })
      .from(entries)
      .where(and(eq(entries.id, entryId), eq(entries.status, "processing")))
      .for("update");
    if (!entry) return "stale";
    const states = await tx.db
      .select({ state: media.state })
      .from(media)
      .where(eq(media.entryId, entryId));
    if (states.some((m) => m.state === "processing")) return "waiting";
    const failed = states.some((m) => m.state === "failed");
    const now = tx.now();
    await tx.db
      .update(entries)
      .set(
        failed
          ? { status: "draft", updatedAt: now }
          : { status: "published", publishedAt: now, updatedAt: now },
      )
      .where(eq(entries.id, entryId));
    if (!failed) {
      await notifyAddressees(tx, entryId);
      await queueEntryFederation(tx, entryId);
      await announceStream(tx, { kind: "post", id: entryId });
    }
    return failed ? "failed" : "published";
  });
}
