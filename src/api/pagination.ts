import type { Context } from "hono";
import { z } from "zod";
import { apiError } from "./errors.ts";

/**
 * Mastodon's pagination: `max_id` (older than), `since_id` (newer than, the
 * newest first), `min_id` (newer than, right after it: walking forward), and
 * `limit` capped at `max`. Ids are opaque strings to clients; ours are UUIDs
 * of the posts, notifications… which each endpoint turns into a position.
 */
export interface PageParams {
  maxId: string | null;
  sinceId: string | null;
  minId: string | null;
  limit: number;
}

const idParam = z.string().trim().max(100).optional();

export function pageParams(c: Context, defaults = { limit: 20, max: 40 }): PageParams {
  const parsed = z
    .object({
      max_id: idParam,
      since_id: idParam,
      min_id: idParam,
      limit: z.coerce.number().int().min(1).optional(),
    })
    .safeParse(c.req.query());
  if (!parsed.success) throw apiError(400, "Invalid pagination parameters");
  const q = parsed.data;
  return {
    maxId: q.max_id || null,
    sinceId: q.since_id || null,
    minId: q.min_id || null,
    limit: Math.min(q.limit ?? defaults.limit, defaults.max),
  };
}

/**
 * Sets the `Link` header for a page whose items run newest to oldest:
 * "next" continues older than the last, "prev" newer than the first.
 */
export function setPageLinks(c: Context, ids: readonly string[]): void {
  const first = ids[0];
  const last = ids[ids.length - 1];
  if (!first || !last) return;
  const url = new URL(c.req.url);
  const publicUrl = c.get("ctx")?.config?.publicUrl as URL | string | undefined;
  const base = publicUrl ? new URL(url.pathname, publicUrl) : new URL(url.pathname, url.origin);
  const link = (name: string, value: string) => {
    const params = new URLSearchParams(url.search);
    for (const key of ["max_id", "since_id", "min_id"]) params.delete(key);
    params.set(name, value);
    return `${base.href}?${params}`;
  };
  c.header("Link", `<${link("max_id", last)}>; rel="next", <${link("min_id", first)}>; rel="prev"`);
}
