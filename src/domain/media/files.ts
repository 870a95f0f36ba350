import path from "node:path";
import type { Config } from "../../config.ts";
import type { StoredVariants } from "../../db/schema/media.ts";
import { MEDIA_KINDS } from "../../db/schema/media.ts";
import type { MediaStorage } from "../../media/storage.ts";

/** Where a media item's files live in storage, and in this machine's scratch space. */

export type MediaKind = (typeof MEDIA_KINDS)[number];
export { MEDIA_KINDS };

/** The upload as received, until processed. */
export const incomingKey = (id: string) => `incoming/${id}`;
/** A derived file: `files/<id>/display.jpg`. */
export const variantKey = (id: string, file: string) => `files/${id}/${file}`;

/** The media id a storage key belongs to, or null for keys that are not media files. */
export function mediaIdOfKey(key: string): string | null {
  const match = /^(?:incoming|files)\/([0-9a-f-]{36})(?:\/|$)/.exec(key);
  return match?.[1] ?? null;
}

/** Every stored key of a media row. */
export function keysOf(row: { incomingKey: string | null; variants: StoredVariants }): string[] {
  return [
    ...(row.incomingKey ? [row.incomingKey] : []),
    ...Object.values(row.variants).map((variant) => variant.key),
  ];
}

/** Scratch folders: streamed uploads before they are stored, and processing work. */
export const scratch = {
  uploads: (config: Config) => path.join(config.dataDir, "tmp", "uploads"),
  work: (config: Config) => path.join(config.dataDir, "tmp", "work"),
};

/** The size limit for a kind of upload ("av": audio or video, not known before probing). */
export function limitFor(config: Config, kind: MediaKind | "av"): number {
  const { media } = config;
  if (kind === "image") return media.maxImageBytes;
  if (kind === "audio") return media.maxAudioBytes;
  return media.maxVideoBytes;
}

/**
 * Removes every file of a media item: its upload, the variants its row
 * lists, and any variant a failed or interrupted run stored under its folder.
 */
export async function removeFilesOf(
  storage: MediaStorage,
  row: { id: string; incomingKey: string | null; variants: StoredVariants },
): Promise<void> {
  for (const key of keysOf(row)) await storage.remove(key);
  for await (const object of storage.list(`files/${row.id}/`)) await storage.remove(object.key);
}
