import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./env.ts";

/** Bounds of one cache (per process): answers kept, and their bytes together. */
export interface ResponseCacheLimits {
  entries: number;
  bytes: number;
  /** A larger answer is never kept. */
  entryBytes: number;
}

const DEFAULT_LIMITS: ResponseCacheLimits = {
  entries: 2_000,
  bytes: 64 * 1024 * 1024,
  entryBytes: 1024 * 1024,
};

interface CachedAnswer {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  link: string | null;
  storedAt: number;
}

/**
 * Timeline answers of the client API kept in memory for `API_CACHE_SECONDS`
 * (docs/adr/0019-api-response-cache.md), for the member who asked (or for
 * anonymous callers) and the full URL: an app polling its home timeline gets
 * the answer it got a moment ago without the queries. Used as a route
 * middleware after `requireScope`, so the token was checked, counted by the
 * rate limit and found to hold the scope before a cached answer is served.
 *
 * Every change announcement (domain/changes.ts: any write to what anyone
 * sees, in any process, by any code path) empties it, and an answer being
 * built while one arrives is not kept: a block, an unfollow or a deletion
 * shows on the next request, not after the time limit, which only bounds a
 * lost notification. When an answer is missing (after a write, at expiry),
 * the same member's concurrent requests for it wait for one build instead of
 * each building it; a request that begins after an announcement never waits
 * for a build begun before it.
 */
export function responseCache(
  limits: Partial<ResponseCacheLimits> = {},
): MiddlewareHandler<ApiEnv> {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  // The map's order is the eviction order: least recently used first.
  const answers = new Map<string, CachedAnswer>();
  let bytes = 0;
  let subscribed = false;

  /** Answers being built: the same member's concurrent requests for them wait instead. */
  const building = new Map<string, Promise<CachedAnswer | null>>();

  const forget = (key: string) => {
    const answer = answers.get(key);
    if (!answer) return;
    bytes -= answer.body.byteLength;
    answers.delete(key);
  };
  const clear = () => {
    answers.clear();
    bytes = 0;
    // Requests from now on build afresh; those already waiting began before the write.
    building.clear();
  };
  const keep = (key: string, answer: CachedAnswer) => {
    answers.set(key, answer);
    bytes += answer.body.byteLength;
    while (answers.size > bounds.entries || bytes > bounds.bytes) {
      forget(answers.keys().next().value as string);
    }
  };
  /** The answer as it can be served again, or null (an error, not JSON, too large). */
  const keepable = async (response: Response): Promise<CachedAnswer | null> => {
    const type = response.headers.get("content-type") ?? "";
    if (response.status !== 200 || !type.startsWith("application/json")) return null;
    const body = new Uint8Array(await response.clone().arrayBuffer());
    if (body.byteLength > bounds.entryBytes) return null;
    return { body, type, link: response.headers.get("link"), storedAt: Date.now() };
  };

  return async (c, next) => {
    const ctx = c.get("ctx");
    const ttlMs = ctx.config.apiCacheSeconds * 1000;
    // Without a change feed nothing would empty it: never cache then.
    if (ttlMs === 0 || !ctx.changes || c.req.method !== "GET") return next();
    if (!subscribed) {
      ctx.changes.subscribe(clear);
      subscribed = true;
    }
    const serve = (answer: CachedAnswer, how: "hit" | "shared") => {
      // The headers set so far (CORS, rate limit) plus the answer's own.
      const headers = new Headers(c.res.headers);
      headers.set("Content-Type", answer.type);
      if (answer.link) headers.set("Link", answer.link);
      headers.set("X-Cache", how);
      // Replacing the response Hono already holds would copy the body through a
      // stream (its setter rebuilds the new one around the old one's headers):
      // drop it first, so the node server writes the stored bytes directly.
      c.res = undefined;
      c.res = new Response(answer.body, { status: 200, headers });
    };
    // What a timeline shows depends on the viewer alone (not on the token or its app).
    const viewer = c.get("token")?.user?.userId ?? "anonymous";
    const key = `${viewer} ${c.req.url}`;
    const hit = answers.get(key);
    if (hit && Date.now() - hit.storedAt < ttlMs) {
      answers.delete(key);
      answers.set(key, hit);
      serve(hit, "hit");
      return;
    }
    if (hit) forget(key);
    // After a write or at expiry, many requests miss at once: one builds, the others wait.
    const flight = building.get(key);
    const shared = flight ? await flight : null;
    if (shared) {
      serve(shared, "shared");
      return;
    }

    let settle: (answer: CachedAnswer | null) => void = () => {};
    const mine = new Promise<CachedAnswer | null>((resolve) => (settle = resolve));
    building.set(key, mine);
    // A write that commits while this answer is built may not be in it: don't keep it.
    let changed = false;
    const stop = ctx.changes.subscribe(() => (changed = true));
    let answer: CachedAnswer | null = null;
    try {
      await next();
      answer = await keepable(c.res);
    } finally {
      stop();
      if (building.get(key) === mine) building.delete(key);
      settle(answer);
    }
    if (!answer) return;
    if (!changed) keep(key, answer);
    c.res.headers.set("X-Cache", "miss");
  };
}
