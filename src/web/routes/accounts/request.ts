import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

/**
 * A `next` target that stays on this site: a local path, never `//host`,
 * `/\host` (browsers read both as another host) or a URL with a scheme.
 */
export function safeNext(raw: string | undefined | null): string | null {
  if (!raw || raw.length > 2000 || !raw.startsWith("/")) return null;
  if (raw.startsWith("//") || raw.includes("\\") || hasControlCharacter(raw)) return null;
  try {
    const base = "http://outloud.invalid";
    const url = new URL(raw, base);
    if (url.origin !== base) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

/** The client's address: the proxy's word for it when trusted, else the socket's. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get("ctx").config.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // app.request() in tests has no socket.
    return "unknown";
  }
}

/** The signed-in member, or a redirect to sign in and come back here. */
export function signedInOrRedirect(c: Context<AppEnv>): CurrentUser | Response {
  const user = c.get("user");
  if (user) return user;
  const url = new URL(c.req.url);
  const next = encodeURIComponent(url.pathname + url.search);
  return c.redirect(`/sign-in?next=${next}`, 303);
}
