import type { Context } from "hono";
import { DomainError } from "../../../domain/errors.ts";
import { uploadMedia } from "../../../domain/media/index.ts";
import type { AppEnv } from "../../env.ts";
import { uploadBodyLimit } from "./limits.ts";
import { readStreamedForm } from "./multipart.ts";
import { streamsUploads } from "./streaming.ts";

/** Repeated fields (media ids, removals) travel as one comma-separated value. */
function joined(fields: Iterable<[string, unknown]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (name === "_csrf") continue;
    const list = (Array.isArray(value) ? value : [value]).filter(
      (v): v is string => typeof v === "string",
    );
    if (list.length > 0) values[name] = list.join(",");
  }
  return values;
}

/**
 * The composer's fields, for creating or editing an entry. A multipart form
 * (the composer without JavaScript, files chosen in it) is streamed: each
 * file is uploaded as it arrives and its id appended to `media`; a refused
 * file's reason comes back in `mediaError`, so the form shows it beside the
 * other fields. Urlencoded forms are read as usual.
 */
export async function entryFormValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  if (!streamsUploads(c.req.method, c.req.path, type)) {
    return joined(Object.entries(await c.req.parseBody({ all: true })));
  }
  const ctx = c.get("ctx");
  const user = c.get("user");
  const form = await readStreamedForm(c, uploadBodyLimit(ctx.config), (part) => {
    if (!user || part.field !== "files") return Promise.reject(new Error("unexpected file"));
    return uploadMedia(ctx, user, { stream: part.stream, name: part.name, type: part.type });
  });
  const values = joined(form.fields);
  const added = form.files.map((file) => file.id);
  if (added.length > 0) values.media = [values.media, ...added].filter(Boolean).join(",");
  // Without JavaScript the form has one description box for what it adds.
  const description = values["alt-new"]?.trim();
  if (description && added.length === 1) values[`alt-${added[0]}`] ??= description;
  delete values["alt-new"];
  const [problem] = form.errors;
  if (problem instanceof DomainError) values.mediaError = problem.message;
  else if (problem) throw problem;
  return values;
}
