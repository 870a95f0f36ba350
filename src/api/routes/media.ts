import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { describeMedia } from "../../domain/api/media.ts";
import { parseApiInput } from "../../domain/api/status-input.ts";
import { DomainError } from "../../domain/errors.ts";
import { MAX_ALT_CHARS, ownMedia, uploadMedia } from "../../domain/media/index.ts";
import { uploadBodyLimit } from "../../web/routes/media/limits.ts";
import { fieldOf, readStreamedForm } from "../../web/routes/media/multipart.ts";
import { apiUser, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";
import { serializeMedia } from "../serializers/media.ts";

type C = Context<ApiEnv>;

const describeSchema = z.object({
  description: z
    .string()
    .max(MAX_ALT_CHARS, `Description is too long (at most ${MAX_ALT_CHARS} characters)`)
    .optional(),
  focus: z.string().max(40).optional(),
});

/** The member's own media item as Mastodon's MediaAttachment, or 404. */
async function attachment(c: C, id: string) {
  const ctx = c.get("ctx");
  const [item] = await ownMedia(ctx, apiUser(c), [id]);
  if (!item) throw apiError(404, "Record not found");
  if (item.state === "failed") {
    throw apiError(
      422,
      `The file could not be processed: ${item.failureReason ?? "unknown reason"}`,
    );
  }
  return { item, json: serializeMedia(item, ctx.config.publicUrl) };
}

/**
 * Receives one upload as it streams (multipart field `file`), then applies
 * its description and focus: the same upload and processing jobs as the
 * composer's uploads, under the same per-type limits.
 */
async function receive(c: C) {
  const ctx = c.get("ctx");
  const user = apiUser(c);
  const form = await readStreamedForm(c as never, uploadBodyLimit(ctx.config), (part) => {
    if (part.field !== "file") {
      part.stream.resume();
      return Promise.resolve(null);
    }
    return uploadMedia(ctx, user, { stream: part.stream, name: part.name, type: part.type });
  }).catch((error: unknown) => {
    if (error instanceof HTTPException && error.status === 413) {
      throw apiError(413, "The file is larger than this server accepts");
    }
    throw error;
  });
  const failure = form.errors[0];
  if (failure instanceof DomainError) throw failure;
  if (failure) throw apiError(422, failure instanceof Error ? failure.message : "Upload failed");
  const uploaded = form.files.find((file) => file !== null);
  if (!uploaded) throw apiError(422, "Validation failed: file: Choose a file to upload");
  const fields = parseApiInput(describeSchema, {
    description: form.fields.has("description") ? fieldOf(form, "description") : undefined,
    focus: form.fields.has("focus") ? fieldOf(form, "focus") : undefined,
  });
  await describeMedia(ctx, user, uploaded.id, fields);
  return attachment(c, uploaded.id);
}

/** Media (https://docs.joinmastodon.org/methods/media/). */
export function mediaRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const write = requireScope("write:media");

  // 202 while the file is processed; the client polls GET /api/v1/media/:id.
  app.post("/api/v2/media", write, async (c) => {
    const { item, json } = await receive(c);
    return c.json(json, item.state === "ready" ? 200 : 202);
  });

  app.post("/api/v1/media", write, async (c) => c.json((await receive(c)).json));

  // Mastodon answers 206 until the file is processed.
  app.get("/api/v1/media/:id", write, async (c) => {
    const { item, json } = await attachment(c, c.req.param("id"));
    return c.json(json, item.state === "ready" ? 200 : 206);
  });

  app.put("/api/v1/media/:id", write, async (c) => {
    const id = c.req.param("id");
    const fields = parseApiInput(describeSchema, await readParams(c));
    const found = await describeMedia(c.get("ctx"), apiUser(c), id, fields);
    if (!found) throw apiError(404, "Record not found");
    return c.json((await attachment(c, id)).json);
  });

  return app;
}
