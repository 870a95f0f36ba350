import { randomBytes } from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { checkDeclared, MediaRefused, SNIFF_BYTES, type Sniffed, sniff } from "./sniff.ts";

export interface ReceivedFile {
  /** A temporary file holding the upload; the caller moves or removes it. */
  file: string;
  bytes: number;
  sniffed: Sniffed;
  head: Uint8Array;
  /** The last bytes, for completeness checks. */
  tail: Uint8Array;
}

export interface ReceiveOptions {
  /** Folder for the temporary file (created when missing). */
  dir: string;
  /** The file name and type the client declared (checked against the bytes). */
  name: string;
  type: string;
  /** The largest size accepted for what the bytes turn out to be. */
  limitFor(sniffed: Sniffed): number;
}

const TAIL_BYTES = 1024;

/** Reads and drops the rest of a refused upload, so the client gets our answer. */
async function drain(iterator: AsyncIterator<Buffer>): Promise<void> {
  while (!(await iterator.next()).done) {}
}

/**
 * Streams one uploaded file to disk, never holding it whole in memory. The
 * type is decided from the first bytes before anything is written; a file of
 * a refused type, one that lies about its type, or one over the limit for its
 * type is refused (`MediaRefused`) and nothing is left on disk.
 */
export async function receiveFile(
  stream: Readable,
  options: ReceiveOptions,
): Promise<ReceivedFile> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const pending: Buffer[] = [];
  let buffered = 0;
  let ended = false;
  while (buffered < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    pending.push(next.value);
    buffered += next.value.length;
  }
  const head = new Uint8Array(Buffer.concat(pending));
  let sniffed: Sniffed;
  try {
    sniffed = sniff(head.subarray(0, SNIFF_BYTES));
    checkDeclared(sniffed, options.name, options.type);
  } catch (error) {
    if (!ended) await drain(iterator);
    throw error;
  }
  const limit = options.limitFor(sniffed);
  await fsp.mkdir(options.dir, { recursive: true });
  const file = path.join(options.dir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
  const handle = await fsp.open(file, "wx", 0o600);
  let bytes = 0;
  let tail = Buffer.alloc(0);
  try {
    const write = async (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) {
        throw new MediaRefused(
          `This file is larger than the ${Math.round(limit / 1048576)} MB limit for ${sniffed.label.replace(/^an? /, "")}s.`,
          413,
        );
      }
      await handle.write(chunk);
      tail = Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
    };
    for (const chunk of pending) await write(chunk);
    while (!ended) {
      const next = await iterator.next();
      if (next.done) break;
      await write(next.value);
    }
    await handle.close();
    return { file, bytes, sniffed, head, tail: new Uint8Array(tail) };
  } catch (error) {
    await handle.close().catch(() => {});
    await fsp.rm(file, { force: true });
    if (!ended) await drain(iterator).catch(() => {});
    throw error;
  }
}
