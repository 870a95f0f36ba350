/**
 * An inbox POST read once: its bytes (what the Digest covers), its JSON when
 * it parses, and fresh requests for whoever reads it next (the fast path's
 * signature check, or Fedify's inbox handler), since a body can be read once.
 */
export interface ReceivedPost {
  url: string;
  method: string;
  headers: Headers;
  bytes: ArrayBuffer;
  /** The parsed body; undefined when it is not UTF-8 JSON (Fedify then answers 400). */
  body: unknown;
  /** A new request with the same URL, headers and body. */
  request(): Request;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads `request`'s body (a body limit around this call still applies). */
export async function readReceivedPost(request: Request): Promise<ReceivedPost> {
  const bytes = await request.arrayBuffer();
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    body = undefined;
  }
  const { url, method, headers } = request;
  return {
    url,
    method,
    headers,
    bytes,
    body,
    request: () => new Request(url, { method, headers, body: bytes }),
  };
}

/** The activity's `actor` as plain JSON gives it: one IRI, or one object's `id`; else null. */
export function actorIdOf(body: unknown): string | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const actor = (body as { actor?: unknown }).actor;
  if (typeof actor === "string") return actor;
  if (actor === null || typeof actor !== "object" || Array.isArray(actor)) return null;
  const id = (actor as { id?: unknown }).id;
  return typeof id === "string" ? id : null;
}
