import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "./env.ts";

/** Per-token request budget with X-RateLimit-* headers (filled in by the API-auth helper). */
export function rateLimit(): MiddlewareHandler<ApiEnv> {
  return async (_c, next) => {
    await next();
  };
}
