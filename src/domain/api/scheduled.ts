import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { entryForEditing } from "../entries/author-views.ts";
import { deleteEntry } from "../entries/delete.ts";
import { type EntryUpdateInput, updateEntry } from "../entries/update.ts";
import { notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { entryMediaIds, type MediaView, mediaForEntries } from "../media/index.ts";
import type { CurrentUser } from "../viewer.ts";
import { forClients, parseApiInput } from "./status-input.ts";
import type { ApiVisibility } from "./status-views.ts";

/** A member's scheduled entry as Mastodon's ScheduledStatus shows it. */
export interface ScheduledView {
  id: string;
  scheduledAt: Date;
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: ApiVisibility;
  language: string;
  inReplyToId: string | null;
  media: MediaView[];
}

const VISIBILITY: Record<string, ApiVisibility> = {
  public: "public",
  unlisted: "unlisted",
  followers: "private",
  direct: "direct",
  private: "direct",
};

/** The member's scheduled entries (all, or those with `ids`), soonest first. */
export async function scheduledStatuses(
  ctx: Ctx,
  user: CurrentUser,
  options: { ids?: string[]; limit?: number } = {},
): Promise<ScheduledView[]> {
  const ids = options.ids?.filter(isUuid);
  if (ids && ids.length === 0) return [];
  const rows = await ctx.db
    .select({
      id: entries.id,
      scheduledAt: entries.scheduledAt,
      text: entries.bodyMarkdown,
      spoilerText: entries.contentWarning,
      sensitive: entries.sensitive,
      audience: entries.audience,
      language: entries.language,
      inReplyToEntryId: entries.inReplyToEntryId,
      inReplyToRemoteId: entries.inReplyToRemoteId,
    })
    .from(entries)
    .where(
      and(
        eq(entries.authorId, user.actorId),
        eq(entries.status, "scheduled"),
        ids ? inArray(entries.id, ids) : undefined,
      ),
    )
    .orderBy(asc(entries.scheduledAt), asc(entries.id))
    .limit(Math.min(options.limit ?? 40, 100));
  const media = await mediaForEntries(
    ctx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    scheduledAt: row.scheduledAt ?? new Date(0),
    text: row.text,
    spoilerText: row.spoilerText,
    sensitive: row.sensitive,
    visibility: VISIBILITY[row.audience] ?? "direct",
    language: row.language,
    inReplyToId: row.inReplyToEntryId ?? row.inReplyToRemoteId,
    media: media.get(row.id) ?? [],
  }));
}

export async function scheduledStatus(ctx: Ctx, user: CurrentUser, id: string) {
  const [view] = await scheduledStatuses(ctx, user, { ids: [id] });
  if (!view) throw notFound("Record not found");
  return view;
}

const rescheduleSchema = z.object({ scheduled_at: z.string().min(1).max(100) });

/** Moves a scheduled entry to another time (PUT /api/v1/scheduled_statuses/:id). */
export async function reschedule(
  ctx: Ctx,
  user: CurrentUser,
  id: string,
  raw: Record<string, unknown>,
): Promise<ScheduledView> {
  const { scheduled_at } = parseApiInput(rescheduleSchema, raw);
  await scheduledStatus(ctx, user, id);
  const current = await entryForEditing(ctx, user, user.handle, id);
  const input: EntryUpdateInput & { media: string[] } = {
    ...current,
    body: current.body,
    media: await entryMediaIds(ctx, user, id),
    action: "schedule",
    scheduledAt: scheduled_at,
    describeMediaLater: true,
  };
  try {
    await updateEntry(ctx, user, input);
  } catch (error) {
    throw forClients(error);
  }
  return scheduledStatus(ctx, user, id);
}

/** Cancels a scheduled entry: it is deleted, as Mastodon deletes a scheduled status. */
export async function cancelScheduled(ctx: Ctx, user: CurrentUser, id: string): Promise<void> {
  await scheduledStatus(ctx, user, id);
  await deleteEntry(ctx, user, { id });
}
