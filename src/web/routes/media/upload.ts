import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError } from "../../../domain/errors.ts";
import {
  discardUpload,
  ownMedia,
  type UploadedMedia,
  uploadMedia,
} from "../../../domain/media/index.ts";
import type { AppEnv } from "../../env.ts";
import { STATUS_FOR } from "../../errors.ts";
import { mediaPaths } from "../../views/media-paths.ts";
import { uploadBodyLimit } from "./limits.ts";
import { readStreamedForm } from "./multipart.ts";

type Status = 400 | 401 | 404 | 413 | 422 | 500;

function jsonError(c: Context<AppEnv>, status: Status, message: string) {
  return c.json({ error: message }, status);
}

/** The first error of a form's files as a status and a message. */
function failure(error: unknown): { status: Status; message: string } {
  if (error instanceof DomainError)
    return { status: STATUS_FOR[error.code] as Status, message: error.message };
  if (error instanceof HTTPException && error.status < 500) {
    return { status: error.status as Status, message: error.message };
  }
  throw error;
}

/**
 * The upload endpoint the composer's script sends each file to, one per
 * request, with a progress bar: `POST /media` (multipart, field `file`, CSRF
 * token in X-CSRF-Token). Answers JSON: 201 with the new item, or 4xx with
 * the reason. Also the item's state while it processes, and removing an
 * upload no entry uses.
 */
export function uploadRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post("/media", async (c) => {
    const user = c.get("user");
    if (!user) return jsonError(c, 401, "Sign in to upload files.");
    const ctx = c.get("ctx");
    let form: Awaited<ReturnType<typeof readStreamedForm<UploadedMedia>>>;
    try {
      form = await readStreamedForm(c, uploadBodyLimit(ctx.config), (part) =>
        part.field === "file"
          ? uploadMedia(ctx, user, { stream: part.stream, name: part.name, type: part.type })
          : Promise.reject(
              new HTTPException(400, { message: "Send the file in the field named file." }),
            ),
      );
    } catch (error) {
      const { status, message } = failure(error);
      return jsonError(c, status, message);
    }
    if (form.errors.length > 0) {
      const { status, message } = failure(form.errors[0]);
      return jsonError(c, status, message);
    }
    const [uploaded] = form.files;
    if (!uploaded) return jsonError(c, 400, "Choose a file to upload.");
    return c.json({ ...uploaded, statusUrl: mediaPaths.status(uploaded.id) }, 201);
  });

  /** Where an upload stands: polled by the uploader until it is ready or failed. */
  app.get("/media/:id{[0-9a-f-]{36}}/status", async (c) => {
    const user = c.get("user");
    if (!user) return jsonError(c, 404, "Not found");
    const [item] = await ownMedia(c.get("ctx"), user, [c.req.param("id")]);
    if (!item) return jsonError(c, 404, "Not found");
    const thumb = item.variants.thumb ?? item.variants.poster;
    return c.json(
      {
        id: item.id,
        kind: item.kind,
        state: item.state,
        failureReason: item.failureReason,
        locationRemoved: item.locationRemoved,
        thumbUrl: thumb ? mediaPaths.file(item.id, thumb.file) : null,
      },
      200,
      { "Cache-Control": "no-store" },
    );
  });

  app.post("/media/:id{[0-9a-f-]{36}}/delete", async (c) => {
    const user = c.get("user");
    if (!user) return jsonError(c, 401, "Sign in first.");
    try {
      await discardUpload(c.get("ctx"), user, c.req.param("id"));
    } catch (error) {
      const { status, message } = failure(error);
      return jsonError(c, status, message);
    }
    return c.body(null, 204);
  });

  return app;
}
