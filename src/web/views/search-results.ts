import { html } from "hono/html";
import type { EntryView } from "../../domain/entries/index.ts";
import type {
  Highlighted,
  RemotePostHit,
  SearchHit,
  SearchResults,
  Snippet,
  Total,
} from "../../domain/search/index.ts";
import type { Tag } from "../../domain/tags.ts";
import type { Html } from "../layout.ts";
import { avatar } from "./avatar.ts";
import { tagList } from "./entry-card.ts";
import { entryPaths } from "./entry-paths.ts";
import { AUDIENCE_BADGES, formatDate, PROMPTS } from "./labels.ts";
import { remoteAddress, remotePaths } from "./remote-account.ts";
import { postPaths } from "./thread-actions.ts";

/** Matched words in <mark>; every piece is text, escaped by the template. */
export function highlighted(pieces: Highlighted): Html {
  return html`${pieces.map((piece) => (piece.match ? html`<mark>${piece.text}</mark>` : piece.text))}`;
}

/** "1 entry", "12 entries", "100+ entries". */
export function countText(total: Total, noun = "entry", plural = "entries"): string {
  const n = total.count.toLocaleString("en");
  return `${n}${total.capped ? "+" : ""} ${total.count === 1 && !total.capped ? noun : plural}`;
}

function hitMeta(entry: EntryView, viewerId: string | null, isNew: boolean): Html {
  const permalink = entryPaths.entry(entry.author.handle, entry.id);
  return html`<div class="entry-meta">
    <a class="p-author h-card author" href="${entryPaths.profile(entry.author.handle)}">${avatar(entry.author, true)}<span class="p-name">${entry.author.displayName}</span></a>
    ${entry.prompt ? html`<span class="prompt-badge">${PROMPTS[entry.prompt].label}</span>` : ""}
    ${entry.publishedAt ? html`<a class="u-url" href="${permalink}"><time class="dt-published" datetime="${entry.publishedAt.toISOString()}">${formatDate(entry.publishedAt)}</time></a>` : ""}
    ${viewerId === entry.author.id ? html`<span class="audience-badge" title="Who can see this">${AUDIENCE_BADGES[entry.audience]}</span>` : ""}
    ${isNew ? html`<span class="status-badge new-badge">New</span>` : ""}
  </div>`;
}

/** A post from another server: its author's @user@host, the passages, a link to its thread page. */
function remoteHitCard(remote: RemotePostHit, snippet: Snippet | null): Html {
  const page = postPaths.page(remote.id);
  const address = remoteAddress(remote.author);
  const titlePieces = snippet?.title.length ? snippet.title : [{ text: remote.name, match: false }];
  const title = remote.name
    ? html`<h2 class="entry-title p-name"><a href="${page}">${highlighted(titlePieces)}</a></h2>`
    : "";
  const text = snippet?.body.length
    ? html`<p class="search-snippet">${highlighted(snippet.body)}</p>`
    : html`<p class="search-snippet">${remote.excerpt}</p>`;
  const body = remote.summary
    ? html`<details class="content-warning"><summary><span class="p-summary">${remote.summary}</span></summary>${text}</details>`
    : text;
  return html`<article class="h-entry entry search-hit remote-hit" lang="${remote.language ?? ""}">
  <div class="entry-meta">
    <a class="p-author h-card author" href="${remotePaths.account(remote.author.id)}"><span class="p-name">${remote.author.displayName || address}</span> <span class="handle">${address}</span></a>
    <a class="u-url" href="${page}"><time class="dt-published" datetime="${remote.at.toISOString()}">${formatDate(remote.at)}</time></a>
  </div>
  ${title}
  ${body}
</article>`;
}

/** One result: who and when, the title and passages with the matches marked, the tags. */
function hitCard(hit: SearchHit, viewerId: string | null, newSince: Date | null): Html {
  if (hit.remote) return remoteHitCard(hit.remote, hit.snippet);
  const { entry, snippet } = hit;
  const permalink = entryPaths.entry(entry.author.handle, entry.id);
  const isNew = newSince !== null && entry.publishedAt !== null && entry.publishedAt > newSince;
  const titlePieces = snippet?.title.length ? snippet.title : [{ text: entry.title, match: false }];
  const title = entry.title
    ? html`<h2 class="entry-title p-name"><a href="${permalink}">${highlighted(titlePieces)}</a></h2>`
    : "";
  const text = snippet?.body.length
    ? html`<p class="search-snippet">${highlighted(snippet.body)}</p>`
    : html`<p class="search-snippet">${entry.excerpt}</p>`;
  const body = entry.contentWarning
    ? html`<details class="content-warning"><summary><span class="p-summary">${entry.contentWarning}</span></summary>${text}</details>`
    : text;
  return html`<article class="h-entry entry search-hit" lang="${entry.language}">
  ${hitMeta(entry, viewerId, isNew)}
  ${title}
  ${body}
  ${tagList(entry)}
</article>`;
}

/** The result list (an h-feed), or what to try when nothing matched. */
export function hitList(
  results: SearchResults,
  viewerId: string | null,
  newSince: Date | null = null,
): Html {
  if (results.hits.length === 0) {
    return html`<p class="empty">Nothing matches. Try fewer words, another spelling, or remove an operator.</p>`;
  }
  return html`<ul class="entry-list h-feed">${results.hits.map(
    (hit) => html`<li>${hitCard(hit, viewerId, newSince)}</li>`,
  )}</ul>`;
}

/** Tags as links to their pages ("#design #research"). */
export function tagLinks(tags: readonly Tag[], label: string): Html {
  if (tags.length === 0) return html``;
  return html`<ul class="tags" aria-label="${label}">${tags.map(
    (tag) => html`<li><a href="${entryPaths.tag(tag.tag)}" rel="tag">#${tag.display}</a></li>`,
  )}</ul>`;
}
