import { and, eq, lte } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries, entryTags } from "../../db/schema/entries.ts";
import { enqueue } from "../../jobs/queue.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { queueEntryFederation } from "../federation/outgoing.ts";
import { renderMarkdown } from "../markdown.ts";
import { refreshEntrySearch } from "../search/index-entry.ts";
import { announceStream } from "../stream.ts";
import { type Tag, tagKey } from "../tags.ts";
import { notifyAddressees } from "./addressing.ts";
import type { EntryData } from "./schema.ts";

/** Writes shared by create, update and the scheduled-publishing job. */

export const PUBLISH_JOB = "publish-entry";

/** The job payload: the time is part of it so a rescheduled entry's old job does nothing. */
export interface PublishJobPayload {
  entryId: string;
  scheduledAt: string;
}

/**
 * Writes the entry's tags. Create and update call it after writing the row,
 * so it also rebuilds the entry's search document from row and tags.
 */
export async function replaceTags(tx: TxCtx, entryId: string, tags: readonly Tag[]): Promise<void> {
  await tx.db.delete(entryTags).where(eq(entryTags.entryId, entryId));
  const rows = tags.map((tag) => ({ entryId, tag: tagKey(tag.tag), display: tag.display }));
  if (rows.length > 0) await tx.db.insert(entryTags).values(rows);
  const keys = [...new Set(rows.map((row) => row.tag))].sort();
  await tx.db.update(entries).set({ tags: keys }).where(eq(entries.id, entryId));
  await refreshEntrySearch(tx, entryId);
}

/** Queues the job that publishes `entryId` at `at`, in the caller's transaction. */
export async function queuePublish(tx: TxCtx, entryId: string, at: Date): Promise<void> {
  const payload: PublishJobPayload = { entryId, scheduledAt: at.toISOString() };
  await enqueue(tx.db, PUBLISH_JOB, payload, { runAt: at });
}

/** The member's locale, the default language of what they write. */
async function localeOf(tx: Ctx, actorId: string): Promise<string> {
  const [row] = await tx.db
    .select({ locale: actors.locale })
    .from(actors)
    .where(eq(actors.id, actorId));
  return row?.locale || "en";
}

/**
 * The columns an entry's content sets, its Markdown rendered once, here, at
 * save; `mentions` links the accounts it mentions (see addressing.ts).
 */
export async function contentColumns(
  tx: Ctx,
  authorId: string,
  data: EntryData,
  mentions?: ReadonlyMap<string, string>,
) {
  return {
    kind: data.kind,
    prompt: data.prompt,
    title: data.title,
    bodyMarkdown: data.body,
    bodyHtml: renderMarkdown(data.body, { hashtags: true, mentions }),
    linkUrl: data.linkUrl,
    contentWarning: data.contentWarning,
    language: data.language || (await localeOf(tx, authorId)),
    audience: data.audience,
  };
}

export type PublishOutcome = "published" | "not-due" | "stale";

/**
 * Publishes a scheduled entry when it is still scheduled for exactly this
 * time and that time has come. Safe to repeat: a second run, an entry edited
 * back to draft, rescheduled or deleted all come back "stale" and change nothing.
 */
export async function publishScheduled(
  ctx: Ctx,
  payload: PublishJobPayload,
): Promise<PublishOutcome> {
  return transactional(ctx, async (tx) => {
    const now = tx.now();
    const scheduledAt = new Date(payload.scheduledAt);
    const stillScheduled = and(
      eq(entries.id, payload.entryId),
      eq(entries.status, "scheduled"),
      eq(entries.scheduledAt, scheduledAt),
    );
    const published = await tx.db
      .update(entries)
      .set({ status: "published", publishedAt: now, scheduledAt: null, updatedAt: now })
      .where(and(stillScheduled, lte(entries.scheduledAt, now)))
      .returning({ id: entries.id });
    if (published.length > 0) {
      await notifyAddressees(tx, payload.entryId);
      await queueEntryFederation(tx, payload.entryId);
      await announceStream(tx, { kind: "post", id: payload.entryId });
      return "published";
    }
    const waiting = await tx.db.select({ id: entries.id }).from(entries).where(stillScheduled);
    return waiting.length > 0 ? "not-due" : "stale";
  });
}
