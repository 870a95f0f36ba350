import { z } from "zod";
import { entries } from "../../db/schema/entries.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { queueEntryFederation } from "../federation/outgoing.ts";
import { newId } from "../ids.ts";
import { attachEntryMedia, prepareEntryMedia, statusWithMedia } from "../media/index.ts";
import type { CurrentUser } from "../viewer.ts";
import { ENTRY_ACTIONS, type EntryAction, type EntryFields, entrySchema } from "./schema.ts";
import { contentColumns, queuePublish, replaceTags } from "./store.ts";

export interface NewEntryInput extends EntryFields {
  /** "publish" unless told otherwise. */
  action?: EntryAction | string;
}

export interface SavedEntry {
  id: string;
  handle: string;
  status: "draft" | "scheduled" | "processing" | "published";
}

const actionSchema = z.object({
  action: z
    .enum(ENTRY_ACTIONS, { error: "Choose Publish, Save draft or Schedule" })
    .default("publish"),
});

/**
 * Writes a new entry: a draft, published now, or scheduled (with its
 * publishing job queued in the same transaction).
 */
export async function createEntry(
  ctx: Ctx,
  author: CurrentUser,
  input: NewEntryInput,
): Promise<SavedEntry> {
  const { action } = parseInput(actionSchema, { action: input.action });
  const data = parseInput(entrySchema(ctx.now(), action === "schedule"), input);
  return transactional(ctx, async (tx) => {
    const now = tx.now();
    const id = newId();
    const asked = action === "draft" ? "draft" : action === "schedule" ? "scheduled" : "published";
    const media = await prepareEntryMedia(tx, author, null, data.kind, input, asked !== "draft");
    // Asked to publish with media still processing: published by a job once they are ready.
    const status = statusWithMedia(asked, media);
    await tx.db.insert(entries).values({
      id,
      authorId: author.actorId,
      ...(await contentColumns(tx, author.actorId, data)),
      status,
      scheduledAt: status === "scheduled" ? data.scheduledAt : null,
      publishedAt: status === "published" ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    await replaceTags(tx, id, data.tags);
    await attachEntryMedia(tx, author, id, media);
    if (status === "scheduled" && data.scheduledAt) await queuePublish(tx, id, data.scheduledAt);
    await queueEntryFederation(tx, id);
    return { id, handle: author.handle, status };
  });
}
