import fsp from "node:fs/promises";
import type { Readable } from "node:stream";
import { media } from "../../db/schema/media.ts";
import { enqueue } from "../../jobs/queue.ts";
import { readImageHeader } from "../../media/images.ts";
import { type ReceivedFile, receiveFile } from "../../media/receive.ts";
import { looksComplete, MediaRefused } from "../../media/sniff.ts";
import { mediaStorage } from "../../media/storage.ts";
import { type Ctx, transactional } from "../context.ts";
import { type DomainError, invalid, tooLarge } from "../errors.ts";
import { newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { incomingKey, limitFor, type MediaKind, scratch } from "./files.ts";
import { PROCESS_JOB } from "./job-names.ts";

export interface UploadInput {
  /** The file's bytes as they arrive. */
  stream: Readable;
  /** What the client called it and said it was: checked against the bytes. */
  name: string;
  type: string;
  alt?: string;
}

/** A stored upload, as the uploader's page and script see it. */
export interface UploadedMedia {
  id: string;
  kind: MediaKind;
  name: string;
  state: "processing";
  /** The photo carried GPS coordinates; processing removes them. */
  locationRemoved: boolean;
}

/** A refused upload as a domain error: 413 for size, else 422; the message says why. */
export function refusal(error: MediaRefused): DomainError {
  return error.status === 413
    ? tooLarge(error.message, { media: error.message })
    : invalid(error.message, { media: error.message });
}

/** Image checks that need the whole file: complete, readable header, within the pixel limit. */
async function checkImage(ctx: Ctx, received: ReceivedFile) {
  if (!looksComplete(received.sniffed.format, received.head, received.tail, received.bytes)) {
    throw new MediaRefused(
      "This image is incomplete: the upload may have been cut off. Try again.",
      422,
    );
  }
  return readImageHeader(received.file, received.sniffed.format, ctx.config.media.maxImagePixels);
}

/** What a container holds is known once probed; until then this guess (Ogg is mostly audio). */
function provisionalKind(received: ReceivedFile): MediaKind {
  const { kind, format } = received.sniffed;
  if (kind !== "av") return kind;
  return format === "ogg" ? "audio" : "video";
}

const MAX_NAME = 200;

/** A file name fit to show: control characters dropped. */
function withoutControls(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join("");
}

/**
 * Takes one uploaded file: streamed to disk, its type decided from its bytes
 * and checked against the limits, then stored as an incoming file with its
 * row and its processing job, in one transaction. A refused file leaves
 * nothing behind. The row belongs to nobody's entry until one attaches it.
 */
export async function uploadMedia(
  ctx: Ctx,
  owner: CurrentUser,
  input: UploadInput,
): Promise<UploadedMedia> {
  const name = withoutControls(input.name).slice(0, MAX_NAME);
  let received: ReceivedFile;
  try {
    received = await receiveFile(input.stream, {
      dir: scratch.uploads(ctx.config),
      name,
      type: input.type,
      limitFor: (sniffed) => limitFor(ctx.config, sniffed.kind),
    });
  } catch (error) {
    if (error instanceof MediaRefused) throw refusal(error);
    throw error;
  }
  const storage = mediaStorage(ctx.config);
  const id = newId();
  let stored = false;
  try {
    const header = received.sniffed.kind === "image" ? await checkImage(ctx, received) : null;
    const kind = provisionalKind(received);
    const key = incomingKey(id);
    await storage.putFile(key, received.file, received.sniffed.format, { move: true });
    stored = true;
    await transactional(ctx, async (tx) => {
      await tx.db.insert(media).values({
        id,
        ownerId: owner.actorId,
        kind,
        format: received.sniffed.format,
        originalName: name,
        incomingKey: key,
        bytes: received.bytes,
        alt: (input.alt ?? "").trim().slice(0, 1500),
        width: header?.width ?? null,
        height: header?.height ?? null,
        locationRemoved: header?.hasGps ?? false,
        createdAt: tx.now(),
      });
      await enqueue(tx.db, PROCESS_JOB, { mediaId: id }, { maxAttempts: 5 });
    });
    return { id, kind, name, state: "processing", locationRemoved: header?.hasGps ?? false };
  } catch (error) {
    if (stored) await storage.remove(incomingKey(id)).catch(() => {});
    if (error instanceof MediaRefused) throw refusal(error);
    throw error;
  } finally {
    await fsp.rm(received.file, { force: true });
  }
}
