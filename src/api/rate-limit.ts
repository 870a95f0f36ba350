import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../web/env.ts";
import { clientIp } from "../web/routes/accounts/request.ts";
import type { ApiEnv } from "./env.ts";

export interface RateLimitOptions {
  /** Requests allowed per window and key; default `API_RATE_LIMIT` (300, as Mastodon). 0: no limit. */
  limit?: number;
  windowMs?: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/** Sweep expired windows once the table grows past this many keys. */
const SWEEP_AT = 10_000;

/**
 * A fixed-window request budget per token (or per IP address for anonymous
 * calls), with Mastodon's `X-RateLimit-Limit/Remaining/Reset` headers and a
 * 429 `{"error": "Too many requests"}` once it is spent.
 *
 * The counts live in this process's memory: each web process keeps its own
 * budget (behind a load balancer with N processes a client may get up to N
 * times the limit), and a restart forgets them. That is enough to stop a
 * runaway client; a shared budget would belong in PostgreSQL. `API_RATE_LIMIT`
 * sets the budget (0 turns it off, e.g. for load tests).
 */
export function rateLimit(options: RateLimitOptions = {}): MiddlewareHandler<ApiEnv> {
  const windowMs = options.windowMs ?? 5 * 60_000;
  const windows = new Map<string, Window>();

  const sweep = (now: number) => {
    for (const [key, w] of windows) if (now - w.startedAt >= windowMs) windows.delete(key);
  };

  return async (c, next) => {
    const limit = options.limit ?? c.get("ctx").config.apiRateLimit;
    if (limit === 0) return next();
    const token = c.get("token");
    const key = token ? `token:${token.id}` : `ip:${clientIp(c as unknown as Context<AppEnv>)}`;
    const now = c.get("ctx").now().getTime();
    let window = windows.get(key);
    if (!window || now - window.startedAt >= windowMs) {
      if (windows.size >= SWEEP_AT) sweep(now);
      window = { startedAt: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const remaining = Math.max(0, limit - window.count);
    const reset = new Date(window.startedAt + windowMs).toISOString();
    c.header("X-RateLimit-Limit", String(limit));
    c.header("X-RateLimit-Remaining", String(remaining));
    c.header("X-RateLimit-Reset", reset);
    if (window.count > limit) {
      c.header("Retry-After", String(Math.ceil((window.startedAt + windowMs - now) / 1000)));
      return c.json({ error: "Too many requests" }, 429);
    }
    await next();
  };
}
