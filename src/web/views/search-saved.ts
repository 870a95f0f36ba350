import { html } from "hono/html";
import type { SavedSearchWithNews } from "../../domain/search/index.ts";
import type { Html } from "../layout.ts";

/** A member's saved searches, each with its count of new results. */
export function savedSearchList(
  saved: readonly SavedSearchWithNews[],
  deleteForm: (id: string) => Html,
): Html {
  if (saved.length === 0) {
    return html`<p class="empty">No saved searches yet. Search for something, then choose “Save this search”.</p>`;
  }
  return html`<ul class="saved-searches">${saved.map(
    (s) => html`<li>
  <a href="/search/saved/${s.id}">${s.name}</a>
  ${s.fresh.count > 0 ? html`<span class="status-badge new-badge">${s.fresh.count}${s.fresh.capped ? "+" : ""} new</span>` : html`<span class="small muted">nothing new</span>`}
  <code class="small">${s.query}</code>
  ${deleteForm(s.id)}
</li>`,
  )}</ul>`;
}
