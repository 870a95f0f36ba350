import type { Context, MiddlewareHandler } from "hono";
import { type ApiToken, scopeAllows, tokenFromBearer } from "../domain/api/index.ts";
import type { CurrentUser } from "../domain/viewer.ts";
import type { ApiEnv } from "./env.ts";
import { apiError } from "./errors.ts";

/** Reads `Authorization: Bearer …` (or `access_token`, for streaming) into `c.get("token")`. */
export function authenticate(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const presented = match?.[1] ?? c.req.query("access_token") ?? null;
    c.set("token", null);
    if (presented !== null) {
      const token = await tokenFromBearer(c.get("ctx"), presented);
      if (!token) throw apiError(401, "The access token is invalid");
      c.set("token", token);
    }
    await next();
  };
}

/**
 * Guards a route: a token is required and must hold `scope` (granular, like
 * "write:statuses"; a top-level scope covers it; a list means any one of them).
 * Apps' client-credentials tokens have no user, and are refused where `user`
 * is needed (the default). `optional`: anonymous calls pass (public reads),
 * but a token that is presented must still hold the scope.
 */
export function requireScope(
  scope: string | readonly string[],
  options: { user?: boolean; optional?: boolean } = {},
): MiddlewareHandler<ApiEnv> {
  const needsUser = (options.user ?? true) && !options.optional;
  const scopes = typeof scope === "string" ? [scope] : scope;
  return async (c, next) => {
    const token = c.get("token");
    if (!token && options.optional) return next();
    if (!token) throw apiError(401, "The access token is invalid");
    if (needsUser && !token.user) throw apiError(422, "This method requires an authenticated user");
    if (!scopes.some((s) => scopeAllows(token.scopes, s))) {
      throw apiError(403, "This action is outside the authorized scopes");
    }
    await next();
  };
}

/** The member behind the request's token (routes guarded by `requireScope`). */
export function apiUser(c: Context<ApiEnv>): CurrentUser {
  const user = c.get("token")?.user;
  if (!user) throw apiError(401, "The access token is invalid");
  return user;
}

/** The viewer for read endpoints that also answer anonymous calls. */
export function apiViewer(c: Context<ApiEnv>): CurrentUser | { actorId: null } {
  return c.get("token")?.user ?? { actorId: null };
}

export type { ApiToken };
