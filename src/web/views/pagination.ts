import { html } from "hono/html";
import type { Html } from "../layout.ts";

/** A link to the same list with `params` changed (empty values dropped). */
export function listUrl(path: string, params: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * "Older entries" (keyset cursor) and, past the first page, "Newest entries";
 * the list's filters stay on. `noun` names what the list holds.
 */
export function pagination(
  path: string,
  filters: Record<string, string | null | undefined>,
  nextCursor: string | null,
  onFirstPage: boolean,
  noun = "entries",
): Html {
  if (!nextCursor && onFirstPage) return html``;
  return html`<nav class="pagination" aria-label="More ${noun}">
  <span>${onFirstPage ? "" : html`<a href="${listUrl(path, filters)}">Newest ${noun}</a>`}</span>
  <span>${nextCursor ? html`<a href="${listUrl(path, { ...filters, cursor: nextCursor })}" rel="next">Older ${noun}</a>` : ""}</span>
</nav>`;
}
