import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

/**
 * Mastodon's error shape, `{"error": "…"}`, with the status given. Throw it
 * from any API route; the web app's error handler answers JSON under /api/.
 */
export function apiError(
  status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429,
  message: string,
) {
  return new HTTPException(status, {
    message,
    res: new Response(JSON.stringify({ error: message }), {
      status,
      headers: { "content-type": "application/json; charset=utf-8" },
    }),
  });
}

/** Reads a request's parameters the way Mastodon clients send them: JSON, form or query. */
export async function readParams(c: Context): Promise<Record<string, unknown>> {
  // A GET's parameters are in its query, whatever Content-Type a client sends along.
  if (c.req.method === "GET" || c.req.method === "HEAD") {
    return bracketArrays(c.req.queries() as Record<string, unknown>);
  }
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = await c.req.json().catch(() => {
      throw apiError(400, "The request body is not valid JSON");
    });
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw apiError(400, "The request body must be a JSON object");
    }
    return body as Record<string, unknown>;
  }
  if (type.includes("multipart/form-data") || type.includes("application/x-www-form-urlencoded")) {
    const form = await c.req.parseBody({ all: true });
    return bracketArrays(form as Record<string, unknown>);
  }
  return bracketArrays(c.req.queries() as Record<string, unknown>);
}

/**
 * Form and query parameters name arrays `media_ids[]`; JSON names them
 * `media_ids`. Both become `media_ids` (an array); single values stay values.
 */
function bracketArrays(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith("[]")) {
      out[name.slice(0, -2)] = Array.isArray(value) ? value : [value];
    } else {
      out[name] = Array.isArray(value) && value.length === 1 ? value[0] : value;
    }
  }
  return out;
}
