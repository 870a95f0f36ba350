import { and, asc, eq, inArray, isNull, notInArray, or } from "drizzle-orm";
import { media } from "../../db/schema/media.ts";
import { mediaStorage } from "../../media/storage.ts";
import type { TxCtx } from "../context.ts";
import { invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { refreshEntrySearch } from "../search/index-entry.ts";
import type { CurrentUser } from "../viewer.ts";
import { removeFilesOf } from "./files.ts";

/** Most files on one entry (a gallery's length). */
export const MAX_MEDIA_PER_ENTRY = 20;
export const MAX_ALT_CHARS = 1500;
export const MAX_TRANSCRIPT_CHARS = 100_000;

/** The media fields of a composer form: ids in order, removals, alt texts, transcripts. */
export interface EntryMediaInput {
  ids: string[];
  remove: Set<string>;
  alt: Map<string, string>;
  transcript: Map<string, string>;
  /** An upload refused while the form was read (its message). */
  problem: string | null;
  /** The form said nothing about media (no `media` field): keep what the entry has. */
  absent: boolean;
}

const listOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(isUuid);

/** Reads `media` (ids, comma-separated or repeated), `remove`, `alt-<id>`, `transcript-<id>`, `mediaError`. */
export function entryMediaInput(input: unknown): EntryMediaInput {
  const fields = (input ?? {}) as Record<string, unknown>;
  const text = (name: string) =>
    typeof fields[name] === "string" ? (fields[name] as string) : null;
  const remove = new Set(listOf(fields.remove));
  const ids = [...new Set(listOf(fields.media))].filter((id) => !remove.has(id));
  const alt = new Map<string, string>();
  const transcript = new Map<string, string>();
  for (const id of ids) {
    const a = text(`alt-${id}`);
    if (a !== null) alt.set(id, a.trim());
    const t = text(`transcript-${id}`);
    if (t !== null) transcript.set(id, t.replace(/\r\n/g, "\n").trim());
  }
  return {
    ids,
    remove,
    alt,
    transcript,
    problem: text("mediaError") || null,
    absent: fields.media === undefined,
  };
}

type MediaRow = typeof media.$inferSelect;

async function attachedIds(tx: TxCtx, entryId: string): Promise<string[]> {
  const rows = await tx.db
    .select({ id: media.id })
    .from(media)
    .where(eq(media.entryId, entryId))
    .orderBy(asc(media.position));
  return rows.map((row) => row.id);
}

export interface PreparedMedia {
  entryKind: string;
  input: EntryMediaInput;
  rows: MediaRow[];
  /** Every file is processed: the entry may publish now. */
  allReady: boolean;
}

/** What each kind of entry needs (photo: images only; audio and video: a recording). */
function kindProblem(entryKind: string, rows: MediaRow[]): string | null {
  if (entryKind === "photo") {
    if (rows.length === 0) return "A photo entry needs at least one photo.";
    if (rows.some((row) => row.kind !== "image")) return "A photo entry holds photos only.";
  }
  if (
    (entryKind === "audio" || entryKind === "video") &&
    !rows.some((row) => row.kind !== "image")
  ) {
    return entryKind === "audio"
      ? "An audio entry needs an audio file."
      : "A video entry needs a video file.";
  }
  return null;
}

/**
 * Checks the media a form attaches to an entry (new: `entryId` null): the
 * author's own uploads, not on another entry, processed or processing, each
 * image and video described when publishing. Reports every problem at once.
 */
export async function prepareEntryMedia(
  tx: TxCtx,
  author: CurrentUser,
  entryId: string | null,
  entryKind: string,
  input: unknown,
  publishing: boolean,
): Promise<PreparedMedia> {
  const parsed = entryMediaInput(input);
  if (parsed.absent && entryId) parsed.ids = await attachedIds(tx, entryId);
  if (parsed.problem) throw invalid(parsed.problem, { media: parsed.problem });
  const errors: Record<string, string> = {};
  if (parsed.ids.length > MAX_MEDIA_PER_ENTRY) {
    errors.media = `Attach at most ${MAX_MEDIA_PER_ENTRY} files to one entry.`;
  }
  const found =
    parsed.ids.length === 0
      ? []
      : await tx.db
          .select()
          .from(media)
          .where(
            and(
              inArray(media.id, parsed.ids),
              eq(media.ownerId, author.actorId),
              entryId
                ? or(isNull(media.entryId), eq(media.entryId, entryId))
                : isNull(media.entryId),
            ),
          )
          // A job finishing one of them now waits for this entry to commit, then sees it
          // attached and queues the entry's publishing; the sweep cannot take them either.
          .for("update");
  const byId = new Map(found.map((row) => [row.id, row]));
  const rows = parsed.ids.map((id) => byId.get(id)).filter((row): row is MediaRow => !!row);
  if (rows.length < parsed.ids.length) {
    errors.media =
      "A file is no longer there (uploads left unused for a day are removed). Upload it again.";
  }
  for (const row of rows) {
    const alt = parsed.alt.get(row.id) ?? row.alt;
    const transcript = parsed.transcript.get(row.id) ?? row.transcript;
    if (row.state === "failed") {
      errors[`alt-${row.id}`] =
        `This file could not be processed: ${row.failureReason ?? "unknown reason"} Remove it.`;
    } else if (alt.length > MAX_ALT_CHARS) {
      errors[`alt-${row.id}`] = `Use at most ${MAX_ALT_CHARS.toLocaleString("en")} characters`;
    } else if (publishing && alt === "" && row.kind !== "audio") {
      errors[`alt-${row.id}`] =
        row.kind === "image"
          ? "Describe this photo for people who cannot see it"
          : "Describe this video for people who cannot see it";
    }
    if (transcript.length > MAX_TRANSCRIPT_CHARS) {
      errors[`transcript-${row.id}`] =
        `Use at most ${MAX_TRANSCRIPT_CHARS.toLocaleString("en")} characters`;
    }
  }
  const problem = kindProblem(entryKind, rows);
  if (problem) errors.media ??= problem;
  if (Object.keys(errors).length > 0) throw invalid("Some fields need attention.", errors);
  return { entryKind, input: parsed, rows, allReady: rows.every((row) => row.state === "ready") };
}

/**
 * Attaches the prepared media to the entry in their order with their texts;
 * media the form dropped are deleted with their files (after commit).
 */
export async function attachEntryMedia(
  tx: TxCtx,
  author: CurrentUser,
  entryId: string,
  prepared: PreparedMedia,
): Promise<void> {
  const { input, rows } = prepared;
  const kept = rows.map((row) => row.id);
  const removed = [...input.remove];
  const dropped = await tx.db
    .delete(media)
    .where(
      and(
        eq(media.ownerId, author.actorId),
        or(
          and(eq(media.entryId, entryId), kept.length > 0 ? notInArray(media.id, kept) : undefined),
          removed.length > 0 ? and(inArray(media.id, removed), isNull(media.entryId)) : undefined,
        ),
      ),
    )
    .returning();
  if (dropped.length > 0) {
    const storage = mediaStorage(tx.config);
    tx.afterCommit(async () => {
      for (const row of dropped) await removeFilesOf(storage, row);
    });
  }
  for (const [position, row] of rows.entries()) {
    await tx.db
      .update(media)
      .set({
        entryId,
        position,
        alt: input.alt.get(row.id) ?? row.alt,
        transcript: input.transcript.get(row.id) ?? row.transcript,
      })
      .where(eq(media.id, row.id));
  }
  await refreshEntrySearch(tx, entryId);
}

/**
 * The status of an entry asked to publish (or waiting to): "processing"
 * until every one of its media is ready, then "published".
 */
export function statusWithMedia<S extends string>(
  status: S,
  prepared: PreparedMedia,
): S | "processing" | "published" {
  if (status !== "published" && status !== "processing") return status;
  return prepared.allReady ? "published" : "processing";
}
