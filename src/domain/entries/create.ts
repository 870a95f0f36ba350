import { z } from "zod";
import { entries } from "../../db/schema/entries.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { queueEntryFederation } from "../federation/outgoing.ts";
import { isUuid, newId } from "../ids.ts";
import { postToActOn } from "../interactions/posts.ts";
import { attachEntryMedia, prepareEntryMedia, statusWithMedia } from "../media/index.ts";
import { announceStream } from "../stream.ts";
import type { CurrentUser } from "../viewer.ts";
import { addressees, notifyAddressees, replaceMentions } from "./addressing.ts";
import { ENTRY_ACTIONS, type EntryAction, type EntryFields, entrySchema } from "./schema.ts";
import { contentColumns, queuePublish, replaceTags } from "./store.ts";

export interface NewEntryInput extends EntryFields {
  /** "publish" unless told otherwise. */
  action?: EntryAction | string;
  /** The post (entry or remote post id) this entry replies to. */
  inReplyToId?: string | null;
  /** A reply asking a question (a checkbox sends "on"). */
  isQuestion?: boolean | string | null;
  /** Client apps may post undescribed media: the coach reminds the author afterwards. */
  describeMediaLater?: boolean;
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

const replySchema = z.object({
  inReplyToId: z
    .string()
    .trim()
    .nullish()
    .transform((value) => value || null)
    .refine((value) => value === null || isUuid(value), "Choose a post to reply to"),
  isQuestion: z
    .union([z.boolean(), z.string()])
    .nullish()
    .transform((value) => value === true || value === "on" || value === "true" || value === "1"),
});

/**
 * Writes a new entry: a draft, published now, or scheduled (with its
 * publishing job queued in the same transaction). With `inReplyToId` it is a
 * reply (`isQuestion`: a question) in its parent's conversation; the people
 * it mentions are recorded and, once it is published, told.
 */
export async function createEntry(
  ctx: Ctx,
  author: CurrentUser,
  input: NewEntryInput,
): Promise<SavedEntry> {
  const { action } = parseInput(actionSchema, { action: input.action });
  const data = parseInput(entrySchema(ctx.now(), action === "schedule"), input);
  const reply = parseInput(replySchema, input);
  return transactional(ctx, async (tx) => {
    const now = tx.now();
    const id = newId();
    // A reply answers a post its author may see; the thread is named after its root.
    const parent = reply.inReplyToId ? await postToActOn(tx, author, reply.inReplyToId) : null;
    const mentions = await addressees(tx, {
      authorId: author.actorId,
      body: data.body,
      audience: data.audience,
      parentId: parent?.id ?? null,
    });
    const asked = action === "draft" ? "draft" : action === "schedule" ? "scheduled" : "published";
    const describe = asked !== "draft" && !input.describeMediaLater;
    const media = await prepareEntryMedia(tx, author, null, data.kind, input, describe);
    // Asked to publish with media still processing: published by a job once they are ready.
    const status = statusWithMedia(asked, media);
    await tx.db.insert(entries).values({
      id,
      authorId: author.actorId,
      ...(await contentColumns(tx, author.actorId, data, mentions.links)),
      inReplyToEntryId: parent?.kind === "entry" ? parent.id : null,
      inReplyToRemoteId: parent?.kind === "remote" ? parent.id : null,
      conversationId: parent ? (parent.conversationId ?? parent.id) : id,
      isQuestion: reply.isQuestion,
      status,
      scheduledAt: status === "scheduled" ? data.scheduledAt : null,
      publishedAt: status === "published" ? now : null,
      createdAt: now,
      updatedAt: now,
    });
    await replaceTags(tx, id, data.tags);
    await replaceMentions(tx, id, mentions.actorIds);
    await notifyAddressees(tx, id);
    await attachEntryMedia(tx, author, id, media);
    if (status === "scheduled" && data.scheduledAt) await queuePublish(tx, id, data.scheduledAt);
    await queueEntryFederation(tx, id);
    if (status === "published") await announceStream(tx, { kind: "post", id });
    return { id, handle: author.handle, status };
  });
}
