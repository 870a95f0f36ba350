import { createHash } from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { media, type StoredVariant, type StoredVariants } from "../../db/schema/media.ts";
import { enqueue, extendLease, type Job } from "../../jobs/queue.ts";
import { type AvOutput, processAv } from "../../media/av.ts";
import { mediaTools } from "../../media/ffmpeg.ts";
import {
  IMAGE_SIZES,
  type ProcessedImage,
  processImage,
  processPoster,
} from "../../media/images.ts";
import { MediaRefused } from "../../media/sniff.ts";
import { type MediaStorage, mediaStorage } from "../../media/storage.ts";
import { type Ctx, transactional } from "../context.ts";
import { removeFilesOf, scratch, variantKey } from "./files.ts";
import { PUBLISH_READY_JOB } from "./job-names.ts";

type MediaRow = typeof media.$inferSelect;

/** What processing found, written to the row when it is done. */
interface Outcome {
  kind: MediaRow["kind"];
  variants: StoredVariants;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  blurhash: string | null;
  peaks: number[] | null;
  probe: MediaRow["probe"];
}

const etagOf = (data: Uint8Array | string) =>
  `"${createHash("sha256").update(data).digest("base64url").slice(0, 27)}"`;

/** Stores bytes as a derived file and describes it. */
async function storeBytes(
  storage: MediaStorage,
  id: string,
  file: string,
  data: Buffer,
  type: string,
  size?: { width: number; height: number },
): Promise<StoredVariant> {
  const key = variantKey(id, file);
  await storage.put(key, data, type);
  return { key, type, bytes: data.length, ...size, etag: etagOf(data) };
}

async function imageOutcome(ctx: Ctx, row: MediaRow, input: string): Promise<Outcome> {
  let image: ProcessedImage;
  try {
    image = await processImage(input, ctx.config.media.maxImagePixels);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new MediaRefused(`This image could not be processed (${why}).`, 422);
  }
  const storage = mediaStorage(ctx.config);
  const variants: StoredVariants = {};
  for (const name of Object.keys(IMAGE_SIZES) as (keyof typeof IMAGE_SIZES)[]) {
    const v = image.variants[name];
    variants[name] = await storeBytes(storage, row.id, `${name}.${v.extension}`, v.data, v.type, {
      width: v.width,
      height: v.height,
    });
  }
  return {
    kind: "image",
    variants,
    width: image.width,
    height: image.height,
    durationMs: null,
    blurhash: image.blurhash,
    peaks: null,
    probe: null,
  };
}

async function avOutcome(
  ctx: Ctx,
  row: MediaRow,
  input: string,
  workDir: string,
): Promise<Outcome> {
  const { media: limits } = ctx.config;
  const out: AvOutput = await processAv(mediaTools(limits), input, row.bytes, workDir, limits);
  const storage = mediaStorage(ctx.config);
  const variants: StoredVariants = {};
  const { size } = await fsp.stat(out.file);
  const mainKey = variantKey(row.id, `${out.kind}.${out.extension}`);
  await storage.putFile(mainKey, out.file, out.type);
  // A strong validator without reading a large file again: what it is, not its bytes.
  const mainEtag = etagOf(`${row.id}/${out.kind}.${out.extension}/${size}/${out.durationMs}`);
  const size2d = out.width && out.height ? { width: out.width, height: out.height } : {};
  variants[out.kind] = { key: mainKey, type: out.type, bytes: size, ...size2d, etag: mainEtag };
  let blurhash: string | null = null;
  if (out.poster) {
    const poster = await processPoster(out.poster);
    variants.poster = await storeBytes(storage, row.id, "poster.jpg", poster.data, "image/jpeg", {
      width: poster.width,
      height: poster.height,
    });
    blurhash = poster.blurhash;
  }

  return {
    kind: out.kind,
    variants,
    width: out.width,
    height: out.height,
    durationMs: out.durationMs,
    blurhash,
    peaks: out.peaks,
    probe: out.summary,
  };
}

/** The upload on this machine's disk: in place on local storage, else downloaded. */
async function localInput(storage: MediaStorage, key: string, workDir: string): Promise<string> {
  const local = storage.localPath(key);
  if (local) return local;
  const file = path.join(workDir, "input");
  if (!(await storage.download(key, file))) throw new Error(`The upload ${key} is missing`);
  return file;
}

/** Marks the item failed with a reason, drops its files, and lets its entry move on. */
async function markFailed(ctx: Ctx, row: MediaRow, reason: string): Promise<void> {
  const storage = mediaStorage(ctx.config);
  await transactional(ctx, async (tx) => {
    const [failed] = await tx.db
      .update(media)
      .set({
        state: "failed",
        failureReason: reason,
        incomingKey: null,
        variants: {},
        processedAt: tx.now(),
      })
      .where(and(eq(media.id, row.id), eq(media.state, "processing")))
      .returning({ entryId: media.entryId });
    if (!failed) return;
    if (failed.entryId) await enqueue(tx.db, PUBLISH_READY_JOB, { entryId: failed.entryId });
    tx.afterCommit(() => removeFilesOf(storage, row));
  });
}

/** Writes the outcome if the item is still waiting for it; else its files are removed. */
async function markReady(ctx: Ctx, row: MediaRow, outcome: Outcome): Promise<void> {
  const storage = mediaStorage(ctx.config);
  const written = await transactional(ctx, async (tx) => {
    const [ready] = await tx.db
      .update(media)
      .set({
        ...outcome,
        state: "ready",
        failureReason: null,
        incomingKey: null,
        processedAt: tx.now(),
      })
      .where(and(eq(media.id, row.id), eq(media.state, "processing")))
      .returning({ entryId: media.entryId });
    if (!ready) return false;
    if (ready.entryId) await enqueue(tx.db, PUBLISH_READY_JOB, { entryId: ready.entryId });
    const incoming = row.incomingKey;
    if (incoming) tx.afterCommit(() => storage.remove(incoming));
    return true;
  });
  // Deleted (or finished by another worker) meanwhile: nothing may point at these files.
  if (!written) {
    const current = await ctx.db.select({ id: media.id }).from(media).where(eq(media.id, row.id));
    if (current.length === 0) {
      for (const variant of Object.values(outcome.variants)) await storage.remove(variant.key);
    }
  }
}

const HEARTBEAT_MS = 60_000;

/**
 * The processing job: variants for an image; probe, remux or transcode,
 * poster and peaks for audio and video. Safe to run again after a crash:
 * derived files have fixed keys (a rerun replaces them), work happens in a
 * folder of its own per attempt, and the row changes once, from processing.
 * A file that cannot be processed fails at once with its reason; other
 * errors are retried by the queue, and the last attempt marks it failed.
 */
export async function processMedia(ctx: Ctx, mediaId: string, job: Job): Promise<void> {
  const [row] = await ctx.db.select().from(media).where(eq(media.id, mediaId));
  if (row?.state !== "processing") return;
  if (!row.incomingKey) return markFailed(ctx, row, "The uploaded file was lost. Upload it again.");
  const workDir = path.join(scratch.work(ctx.config), `${row.id}-${job.attempts}`);
  const heartbeat = setInterval(() => {
    extendLease(ctx.db, job.id).catch(() => {});
  }, HEARTBEAT_MS);
  try {
    await fsp.mkdir(workDir, { recursive: true });
    const input = await localInput(mediaStorage(ctx.config), row.incomingKey, workDir);
    const outcome =
      row.kind === "image"
        ? await imageOutcome(ctx, row, input)
        : await avOutcome(ctx, row, input, workDir);
    await markReady(ctx, row, outcome);
  } catch (error) {
    if (error instanceof MediaRefused) return markFailed(ctx, row, error.message);
    if (job.attempts >= job.maxAttempts) {
      const why = error instanceof Error ? error.message : String(error);
      return markFailed(ctx, row, `Processing failed after ${job.attempts} attempts (${why}).`);
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
    await fsp.rm(workDir, { recursive: true, force: true });
  }
}
