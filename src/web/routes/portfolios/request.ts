import type { Context } from "hono";
import { notShown } from "../../../domain/entries/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { AT_HANDLE, handleOf } from "../entries/request.ts";

/** Route pattern of a portfolio: `/@handle/portfolios/<slug>`. */
export const PORTFOLIO = `${AT_HANDLE}/portfolios/:slug{[A-Za-z0-9-]{1,60}}`;
/** Route pattern of a share link: `/s/<token>` (43 base64url characters). */
export const SHARED = "/s/:token{[A-Za-z0-9_-]{1,100}}";

export function slugOf(c: Context<AppEnv>): string {
  return c.req.param("slug") ?? "";
}

export function tokenOf(c: Context<AppEnv>): string {
  return c.req.param("token") ?? "";
}

/**
 * The signed-in member when the page under `/@handle/…` is theirs. Anyone
 * else: signed out → sign in first; another member → not found (as if the
 * page did not exist).
 */
export function ownerOf(c: Context<AppEnv>): CurrentUser | Response {
  const user = signedInOrRedirect(c);
  if (user instanceof Response) return user;
  if (user.handle.toLowerCase() !== handleOf(c).toLowerCase()) throw notShown();
  return user;
}

/**
 * Headers for pages opened by a share link: never cached or indexed. (Their
 * HTML also says `<meta name="referrer" content="no-referrer">`, so the
 * token is not passed on to sites the page links to.)
 */
export function privatePageHeaders(c: Context<AppEnv>): void {
  c.header("Cache-Control", "private, no-store");
  c.header("X-Robots-Tag", "noindex, nofollow");
}
