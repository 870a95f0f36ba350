import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_DAYS, userForSession } from "../../domain/accounts/sessions.ts";
import type { AppEnv } from "../env.ts";
import { renderMessage } from "../layout.ts";

export const SESSION_COOKIE = "outloud_session";
const CSRF_COOKIE = "outloud_csrf";

/** Sets the session cookie after sign-in or setup. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("ctx").config.secureCookies,
    path: "/",
    maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Loads the signed-in member (if any) from the session cookie. */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? "";
    const user = token ? await userForSession(c.get("ctx"), token) : null;
    c.set("user", user);
    c.set("sessionToken", user ? token : null);
    await next();
  };
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Double-submit CSRF protection for cookie-authenticated forms: every unsafe
 * request must carry, in the `_csrf` field or the `X-CSRF-Token` header, the
 * random value of a SameSite cookie that another site can neither read nor set.
 * Paths in `exempt` (token-authenticated APIs, federation inboxes) skip it.
 */
export function csrfProtection(
  exempt: (path: string) => boolean,
  /** Streamed uploads: the token comes in the header or the `_csrf` query parameter, never the body. */
  streamed: (c: Context<AppEnv>) => boolean = () => false,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[\w-]{32,64}$/.test(token)) {
      token = randomBytes(24).toString("base64url");
      setCookie(c, CSRF_COOKIE, token, {
        httpOnly: true,
        sameSite: "Lax",
        secure: c.get("ctx").config.secureCookies,
        path: "/",
      });
      c.set("csrfToken", token);
      if (UNSAFE.has(c.req.method) && !exempt(c.req.path)) return csrfFailure(c);
    }
    c.set("csrfToken", token);
    if (UNSAFE.has(c.req.method) && !exempt(c.req.path)) {
      let sent = c.req.header("x-csrf-token") ?? "";
      const type = c.req.header("content-type") ?? "";
      if (!sent && streamed(c)) {
        sent = c.req.query("_csrf") ?? "";
      } else if (
        !sent &&
        (type.startsWith("application/x-www-form-urlencoded") ||
          type.startsWith("multipart/form-data"))
      ) {
        const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
        sent = typeof body._csrf === "string" ? body._csrf : "";
      }
      if (!sameToken(sent, token)) return csrfFailure(c);
    }
    await next();
  };
}

function csrfFailure(c: Context<AppEnv>) {
  return renderMessage(
    c,
    403,
    "This form has expired",
    "For your safety we could not accept it. Go back, reload the page and try again.",
  );
}
