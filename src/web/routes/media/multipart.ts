import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../../env.ts";

export interface FilePart {
  field: string;
  name: string;
  type: string;
  stream: Readable;
}

export interface StreamedForm<T> {
  /** Text fields in order; a repeated name keeps every value. */
  fields: Map<string, string[]>;
  /** What `onFile` returned for each file, in order. */
  files: T[];
  /** Errors `onFile` threw, in order (the form is still read to its end). */
  errors: unknown[];
}

/** Text fields and files a form may carry: generous for a composer, bounded all the same. */
const TOO_LARGE = "The request is larger than this server accepts.";
const LIMITS = { fields: 500, fieldSize: 1024 * 1024, parts: 600, files: 20 };

/**
 * Reads a multipart form as it arrives: text fields are collected, each file
 * is handed to `onFile` as a stream (which must consume it) and never held
 * in memory. `maxBytes` bounds the whole body (413 above it).
 */
export async function readStreamedForm<T>(
  c: Context<AppEnv>,
  maxBytes: number,
  onFile: (part: FilePart) => Promise<T>,
): Promise<StreamedForm<T>> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes) {
    throw new HTTPException(413, { message: TOO_LARGE });
  }
  const body = c.req.raw.body;
  if (!body) throw new HTTPException(400, { message: "The form was empty." });
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": c.req.header("content-type") ?? "" },
      limits: LIMITS,
      preservePath: false,
    });
  } catch {
    throw new HTTPException(400, { message: "That form could not be read." });
  }
  const form: StreamedForm<T> = { fields: new Map(), files: [], errors: [] };
  const work: Promise<T>[] = [];
  parser.on("field", (name, value) => {
    form.fields.set(name, [...(form.fields.get(name) ?? []), value]);
  });
  parser.on("file", (field, stream, info) => {
    // A file input left empty still sends a part with no name and no bytes.
    if (!info.filename) {
      stream.resume();
      return;
    }
    const task = onFile({ field, name: info.filename, type: info.mimeType, stream });
    // Whatever happened, the part is read to its end so the next one arrives.
    task.catch(() => stream.resume());
    work.push(task);
  });
  let tooMany = false;
  parser.on("filesLimit", () => (tooMany = true));
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > maxBytes) done(new HTTPException(413, { message: TOO_LARGE }));
      else done(null, chunk);
    },
  });
  let failure: unknown = null;
  try {
    await pipeline(Readable.fromWeb(body as never), counter, parser);
  } catch (error) {
    failure = error;
  }
  for (const outcome of await Promise.allSettled(work)) {
    if (outcome.status === "fulfilled") form.files.push(outcome.value);
    else form.errors.push(outcome.reason);
  }
  if (failure instanceof HTTPException) throw failure;
  if (failure) throw new HTTPException(400, { message: "The form arrived incomplete. Try again." });
  if (tooMany) form.errors.push(new Error(`Send at most ${LIMITS.files} files at once.`));
  return form;
}

/** The first value of a field, or "". */
export function fieldOf(form: { fields: Map<string, string[]> }, name: string): string {
  return form.fields.get(name)?.[0] ?? "";
}
