import { html } from "hono/html";
import { RELATED_SAMPLE, type TagOverview } from "../../domain/search/index.ts";
import type { Html } from "../layout.ts";
import { entryPaths } from "./entry-paths.ts";
import { listUrl } from "./pagination.ts";
import { countText } from "./search-results.ts";

/** Under a tag page's heading: how many entries, and a search inside the tag. */
export function tagSummary(tag: string, overview: TagOverview): Html {
  return html`<p class="muted tag-count">${countText(overview.total)} you can see · <a href="${listUrl("/search", { q: `#${tag}` })}">Search within #${tag}</a></p>`;
}

/** Tags that appear on the same entries (co-occurrence), with their counts. */
export function relatedTags(overview: TagOverview): Html {
  if (overview.related.length === 0) return html``;
  const from = overview.sampled
    ? `Counted over the newest ${RELATED_SAMPLE.toLocaleString("en")} entries with this tag.`
    : "";
  return html`<aside class="related-tags" aria-labelledby="related-heading">
  <h2 id="related-heading">Related tags</h2>
  <ul class="tags">${overview.related.map(
    (r) =>
      html`<li><a href="${entryPaths.tag(r.tag)}" rel="tag">#${r.display}</a> <span class="small muted">${r.count}</span></li>`,
  )}</ul>
  ${from ? html`<p class="small muted">${from}</p>` : ""}
</aside>`;
}
