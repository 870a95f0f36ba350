import type { MiddlewareHandler } from "hono";
import { scopeAllows } from "../domain/api/index.ts";
import type { ApiEnv } from "./env.ts";
import { apiError } from "./errors.ts";

/**
 * Guards a read that anonymous callers may also make (public statuses and
 * timelines, as on Mastodon): without a token it reads as the anonymous
 * viewer; with one, the token must hold `scope`.
 */
export function optionalScope(scope: string): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = c.get("token");
    if (token && !scopeAllows(token.scopes, scope)) {
      throw apiError(403, "This action is outside the authorized scopes");
    }
    await next();
  };
}
