import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, type DomainErrorCode } from "../domain/errors.ts";
import { logger } from "../log.ts";
import type { AppEnv } from "./env.ts";
import { type PageOptions, renderMessage } from "./layout.ts";

const log = logger("web", "errors");

export const STATUS_FOR: Record<DomainErrorCode, NonNullable<PageOptions["status"]>> = {
  invalid: 422,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  throttled: 429,
  too_large: 413,
  unauthenticated: 401,
};

const HEADINGS: Record<number, string> = {
  400: "That request was not understood",
  401: "Please sign in",
  403: "Not allowed",
  404: "Page not found",
  409: "That conflicts with something that exists",
  413: "That is too large",
  422: "Please check what you entered",
  429: "Too many attempts",
  500: "Something went wrong",
};

function wantsJson(c: Context<AppEnv>): boolean {
  const accept = c.req.header("accept") ?? "";
  return (
    c.req.path.startsWith("/api/") || (accept.includes("json") && !accept.includes("text/html"))
  );
}

/** Answers with a clear page or JSON error; never a stack trace. */
export function errorResponse(
  c: Context<AppEnv>,
  status: NonNullable<PageOptions["status"]>,
  message: string,
) {
  if (wantsJson(c)) return c.json({ error: message }, status);
  return renderMessage(c, status, HEADINGS[status] ?? "Something went wrong", message);
}

/** The one error handler for the whole app. */
export function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof DomainError) return errorResponse(c, STATUS_FOR[error.code], error.message);
  if (error instanceof HTTPException) {
    const status = error.status as NonNullable<PageOptions["status"]>;
    if (status === 413) {
      return errorResponse(c, 413, "The request is larger than this server accepts.");
    }
    if (status < 500) return errorResponse(c, status, error.message || "Bad request");
  }
  const requestId = c.get("requestId");
  log.error("Request {requestId} {method} {path} failed: {error}", {
    requestId,
    method: c.req.method,
    path: c.req.path,
    error,
  });
  return errorResponse(
    c,
    500,
    `The server could not finish this request. If it keeps happening, tell the admin this code: ${requestId}`,
  );
}
