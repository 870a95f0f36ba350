import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";
import { SESSION_COOKIE } from "./middleware/session.ts";

/**
 * Public pages and feeds, as anonymous visitors see them, kept in memory for
 * a short while. Only these paths are ever cached; anything a signed-in
 * member sees, any form page and any share link is always rendered afresh.
 */
const CACHEABLE = [
  /^\/$/,
  /^\/@[A-Za-z0-9_]{1,30}\/?$/,
  /^\/@[A-Za-z0-9_]{1,30}\/[0-9a-f-]{36}\/?$/,
  /^\/@[A-Za-z0-9_]{1,30}\/feed\.(atom|rss|json)$/,
  /^\/tags\/[^/]{1,200}\/?$/,
  /^\/tags\/[^/]{1,200}\/feed\.(atom|rss|json)$/,
  // Portfolio pages and feeds (never share links `/s/…`, which are `no-store`).
  /^\/@[A-Za-z0-9_]{1,30}\/portfolios\/[A-Za-z0-9-]{1,60}\/?$/,
  /^\/@[A-Za-z0-9_]{1,30}\/portfolios\/[A-Za-z0-9-]{1,60}\/feed\.(atom|rss|json)$/,
];
const CACHEABLE_TYPES = /^(text\/html|application\/(atom\+xml|rss\+xml|feed\+json))/;
const MAX_ENTRIES = 1000;
const MAX_BYTES = 512 * 1024;

interface CachedPage {
  body: ArrayBuffer;
  status: number;
  headers: [string, string][];
  storedAt: number;
}

/**
 * The cache is emptied whenever any write commits, in this process or another
 * (see domain/changes.ts), so a visitor never sees a page older than the
 * latest write; the time limit only bounds a missed notification.
 */
export function pageCache(): MiddlewareHandler<AppEnv> {
  const pages = new Map<string, CachedPage>();
  let subscribed = false;
  return async (c, next) => {
    const ctx = c.get("ctx");
    const ttlMs = ctx.config.pageCacheSeconds * 1000;
    if (!subscribed && ctx.changes) {
      ctx.changes.subscribe(() => pages.clear());
      subscribed = true;
    }
    // Only visitors without a session cookie: members' pages are never shared.
    const cacheable =
      ttlMs > 0 &&
      ctx.changes !== undefined &&
      c.req.method === "GET" &&
      !c.req.header("cookie")?.includes(`${SESSION_COOKIE}=`) &&
      !c.req.query("share") &&
      CACHEABLE.some((pattern) => pattern.test(c.req.path));
    if (!cacheable) return next();

    const accept = c.req.header("accept")?.includes("json") ? "json" : "html";
    const key = `${c.req.url}#${accept}`;
    const hit = pages.get(key);
    if (hit && Date.now() - hit.storedAt < ttlMs) {
      // Refresh its place: the map's order is the eviction order (least recent first).
      pages.delete(key);
      pages.set(key, hit);
      c.res = new Response(hit.body, { status: hit.status, headers: hit.headers });
      c.res.headers.set("X-Cache", "hit");
      return;
    }

    // A write that commits while this page renders may not be in it: don't keep it.
    let cleared = false;
    const stop = ctx.changes!.subscribe(() => (cleared = true));
    try {
      await next();
    } finally {
      stop();
    }
    const response = c.res;
    const type = response.headers.get("content-type") ?? "";
    const cacheControl = response.headers.get("cache-control") ?? "";
    if (
      cleared ||
      c.get("user") !== null ||
      response.status !== 200 ||
      !CACHEABLE_TYPES.test(type) ||
      /no-store|private/.test(cacheControl)
    ) {
      return;
    }
    const body = await response.clone().arrayBuffer();
    // A page carrying a form token belongs to one visitor.
    if (body.byteLength > MAX_BYTES || Buffer.from(body).includes('name="_csrf"')) return;
    const headers = [...response.headers].filter(([name]) => name !== "set-cookie");
    pages.set(key, { body, status: response.status, headers, storedAt: Date.now() });
    if (pages.size > MAX_ENTRIES) pages.delete(pages.keys().next().value!);
    response.headers.set("X-Cache", "miss");
  };
}
