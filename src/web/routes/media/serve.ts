import { type Context, Hono } from "hono";
import { type MediaFile, mediaFileFor } from "../../../domain/media/index.ts";
import type { AppEnv } from "../../env.ts";
import { viewerOf } from "../entries/request.ts";

/** One `bytes=start-end` range (also `start-` and `-suffix`), or null when unusable. */
export function parseRange(
  header: string,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    if (start >= size) return "unsatisfiable";
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (end < start) return null;
  }
  return { start, end };
}

function cacheControl(file: MediaFile): string {
  // Derived files never change; shared caches keep only what anyone may see.
  // Others revalidate each time, so access withdrawn is access lost.
  return file.public ? "public, max-age=31536000, immutable" : "private, no-cache";
}

/** Serves a file the caller authorized (also portfolio pages, for the entries they show). */
export async function serveFile(c: Context<AppEnv>, file: MediaFile) {
  const headers: Record<string, string> = {
    "Content-Type": file.type,
    ETag: file.etag,
    "Cache-Control": cacheControl(file),
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
  const matches = (c.req.header("if-none-match") ?? "")
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""));
  if (matches.includes(file.etag) || matches.includes("*")) return c.body(null, 304, headers);
  const rangeHeader = c.req.header("range");
  const ifRange = c.req.header("if-range");
  const range =
    rangeHeader && (!ifRange || ifRange === file.etag) ? parseRange(rangeHeader, file.bytes) : null;
  if (range === "unsatisfiable") {
    return c.body(null, 416, { ...headers, "Content-Range": `bytes */${file.bytes}` });
  }
  const body = await file.read(range ?? undefined);
  if (!body) return c.notFound();
  if (range) {
    return c.body(body, 206, {
      ...headers,
      "Content-Range": `bytes ${range.start}-${range.end}/${file.bytes}`,
      "Content-Length": String(range.end - range.start + 1),
    });
  }
  return c.body(body, 200, { ...headers, "Content-Length": String(file.bytes) });
}

/**
 * Media files: `/media/<id>/<variant>.<ext>`, with ETag, Range (206, so
 * players seek) and caching. A viewer who may not see the entry gets the
 * same 404 as for a file that does not exist.
 */
export function serveRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/:id{[0-9a-f-]{36}}/:file{[a-z]+\\.[a-z0-9]+}", async (c) => {
    const file = await mediaFileFor(
      c.get("ctx"),
      viewerOf(c),
      c.req.param("id"),
      c.req.param("file"),
    );
    if (!file) return c.notFound();
    return serveFile(c, file);
  });
  return app;
}
