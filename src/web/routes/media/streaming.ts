/**
 * Requests whose body is streamed to disk (multipart uploads) instead of
 * parsed in memory: they skip the global body limit (uploads have their own,
 * per type) and carry their CSRF token outside the body — in the
 * X-CSRF-Token header (the upload script) or the `_csrf` query parameter (the
 * composer form's action) — so checking it never buffers the body.
 * See docs/adr (streamed uploads).
 */
const STREAMED_PATHS = [
  /^\/media\/?$/,
  /^\/compose\/?$/,
  /^\/@[A-Za-z0-9_]{1,30}\/[0-9a-f-]{36}\/edit\/?$/i,
  // The client API's uploads (token-authenticated: no CSRF token to carry).
  /^\/api\/v[12]\/media\/?$/,
];

export function streamsUploads(method: string, path: string, contentType: string): boolean {
  return (
    method === "POST" &&
    contentType.toLowerCase().startsWith("multipart/form-data") &&
    STREAMED_PATHS.some((pattern) => pattern.test(path))
  );
}

/** The query parameter carrying the CSRF token of a streamed form. */
export const CSRF_QUERY = "_csrf";

/** A form action with the CSRF token in its query string. */
export function withCsrfQuery(action: string, token: string): string {
  const separator = action.includes("?") ? "&" : "?";
  return `${action}${separator}${CSRF_QUERY}=${encodeURIComponent(token)}`;
}
