import fsp from "node:fs/promises";
import path from "node:path";
import { and, inArray, isNull, lt, sql } from "drizzle-orm";
import { media } from "../../db/schema/media.ts";
import { enqueue } from "../../jobs/queue.ts";
import { mediaStorage } from "../../media/storage.ts";
import { type Ctx, transactional } from "../context.ts";
import { mediaIdOfKey, removeFilesOf, scratch } from "./files.ts";
import { SWEEP_JOB } from "./job-names.ts";
import { REMOTE_IMAGE_PREFIX } from "./remote-images.ts";

/** How long an upload may wait for an entry, and a leftover file for its row. */
export const LEFTOVER_AGE_MS = 24 * 3600 * 1000;
/** How often the sweep runs. */
export const SWEEP_EVERY_MS = 6 * 3600 * 1000;

export interface SweepReport {
  /** Uploads never attached to an entry, removed with their files. */
  unattached: number;
  /** Stored files no row points at (a crash between storing and committing). */
  orphanFiles: number;
  /** Scratch files and folders left by interrupted uploads and jobs. */
  scratch: number;
  /** Cached pictures from other servers older than MEDIA_REMOTE_CACHE_DAYS (fetched again when shown). */
  remoteImages: number;
}

/**
 * The remote image cache (ADR 0015) keeps what pages showed; without an end it
 * would hold every avatar and picture ever seen. Old copies go, and the proxy
 * fetches a picture again the next time a page shows it.
 */
async function removeOldRemoteImages(ctx: Ctx): Promise<number> {
  const days = ctx.config.media.remoteCacheDays;
  if (days === 0) return 0;
  const before = new Date(ctx.now().getTime() - days * 24 * 3600 * 1000);
  const storage = mediaStorage(ctx.config);
  let removed = 0;
  for await (const object of storage.list(REMOTE_IMAGE_PREFIX)) {
    if (object.modified >= before) continue;
    await storage.remove(object.key);
    removed++;
  }
  return removed;
}

async function removeOldScratch(dir: string, before: number): Promise<number> {
  let removed = 0;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const full = path.join(dir, name);
    const stats = await fsp.stat(full).catch(() => null);
    if (stats && stats.mtimeMs < before) {
      await fsp.rm(full, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

/** Stored media files older than the cut-off whose media row does not exist. */
async function removeOrphanFiles(ctx: Ctx, before: Date): Promise<number> {
  const storage = mediaStorage(ctx.config);
  let removed = 0;
  const batch = new Map<string, string[]>();
  const flush = async () => {
    const ids = [...batch.keys()];
    if (ids.length === 0) return;
    const known = await ctx.db.select({ id: media.id }).from(media).where(inArray(media.id, ids));
    const live = new Set(known.map((row) => row.id));
    for (const [id, keys] of batch) {
      if (live.has(id)) continue;
      for (const key of keys) await storage.remove(key);
      removed += keys.length;
    }
    batch.clear();
  };
  for (const prefix of ["incoming/", "files/"]) {
    for await (const object of storage.list(prefix)) {
      if (object.modified >= before) continue;
      const id = mediaIdOfKey(object.key);
      if (!id) {
        // Not ours to keep: a temporary file from an interrupted write.
        if (object.key.endsWith(".tmp")) {
          await storage.remove(object.key);
          removed++;
        }
        continue;
      }
      batch.set(id, [...(batch.get(id) ?? []), object.key]);
      if (batch.size >= 500) await flush();
    }
  }
  await flush();
  return removed;
}

/**
 * Removes what a crash or an abandoned composer leaves: uploads never
 * attached within a day (rows and files), stored files without a row, and
 * old scratch files. Whatever it finds, it is safe to run at any time.
 */
export async function sweepMedia(ctx: Ctx): Promise<SweepReport> {
  const before = new Date(ctx.now().getTime() - LEFTOVER_AGE_MS);
  const storage = mediaStorage(ctx.config);
  const unattached = await transactional(ctx, async (tx) => {
    const rows = await tx.db
      .delete(media)
      .where(and(isNull(media.entryId), lt(media.createdAt, before)))
      .returning();
    tx.afterCommit(async () => {
      for (const row of rows) await removeFilesOf(storage, row);
    });
    return rows.length;
  });
  const orphanFiles = await removeOrphanFiles(ctx, before);
  const cutoff = before.getTime();
  const scratchRemoved =
    (await removeOldScratch(scratch.uploads(ctx.config), cutoff)) +
    (await removeOldScratch(scratch.work(ctx.config), cutoff));
  const remoteImages = await removeOldRemoteImages(ctx);
  return { unattached, orphanFiles, scratch: scratchRemoved, remoteImages };
}

/**
 * Makes sure one sweep is queued (the sweep queues the next itself). Called
 * when a worker starts; an advisory lock keeps two starting workers from
 * queueing two.
 */
export async function scheduleMediaSweep(ctx: Ctx, at?: Date): Promise<void> {
  await transactional(ctx, async (tx) => {
    await tx.db.execute(sql`select pg_advisory_xact_lock(hashtext(${SWEEP_JOB}))`);
    const waiting = await tx.db.execute(
      sql`select 1 from jobs where kind = ${SWEEP_JOB} and state in ('pending', 'running') limit 1`,
    );
    if (waiting.length > 0) return;
    await enqueue(tx.db, SWEEP_JOB, {}, { runAt: at ?? tx.now() });
  });
}
