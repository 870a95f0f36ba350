import { html } from "hono/html";
import type { MemberSummary } from "../../domain/entries/index.ts";
import type { BuilderValues, SearchResults, SearchSort } from "../../domain/search/index.ts";
import type { Tag } from "../../domain/tags.ts";
import type { Html } from "../layout.ts";
import { avatar } from "./avatar.ts";
import { formatDateTime } from "./labels.ts";
import { listUrl } from "./pagination.ts";
import { queryBuilder, searchBox } from "./search-form.ts";
import { countText, hitList, tagLinks } from "./search-results.ts";

export interface SearchPageData {
  q: string;
  sort: SearchSort;
  builder: BuilderValues;
  /** Null before anything was searched. */
  results: SearchResults | null;
  /** Set when a query was sent with nothing to search for in it: what was ignored. */
  ignored: readonly string[] | null;
  people: MemberSummary[];
  tags: Tag[];
  onFirstPage: boolean;
  viewerId: string | null;
  /** The save form (signed-in members only). */
  saveForm: Html | null;
  /** Set when a saved search was opened: its name and results newer than this are marked. */
  saved?: { name: string; since: Date };
  /** For an `@user@host` query by a member: the remote account found, or a quiet note. */
  remote?: Html | null;
}

/** The canonical query, its explanation and what the parser or planner noted. */
function explanation(results: SearchResults): Html {
  return html`<section class="search-explanation" aria-labelledby="explanation-heading">
  <h2 id="explanation-heading" class="visually-hidden">Your query</h2>
  <p class="query-string">Query: <code>${results.text || "(nothing)"}</code></p>
  <p class="lead">${results.explanation}</p>
  ${results.notes.length > 0 ? html`<ul class="search-notes small">${results.notes.map((note) => html`<li>${note}</li>`)}</ul>` : ""}
  <p class="small muted">${countText(results.total)}, ${results.sort === "relevance" ? "best match first" : "newest first"}.</p>
</section>`;
}

function peopleList(people: readonly MemberSummary[]): Html {
  if (people.length === 0) return html``;
  return html`<section aria-labelledby="people-heading" class="search-people">
  <h2 id="people-heading">People</h2>
  <ul class="member-list">${people.map(
    (m) =>
      html`<li><a class="member h-card" href="/@${m.handle}">${avatar(m, true)}<span><span class="p-name">${m.displayName}</span><span class="small muted member-headline">@${m.handle}${m.headline ? html` · ${m.headline}` : ""}</span></span></a></li>`,
  )}</ul>
</section>`;
}

function tagSection(tags: readonly Tag[]): Html {
  if (tags.length === 0) return html``;
  return html`<section aria-labelledby="tags-heading" class="search-tags">
  <h2 id="tags-heading">Tags</h2>
  ${tagLinks(tags, "Matching tags")}
</section>`;
}

function morePages(data: SearchPageData, results: SearchResults): Html {
  const params = { q: results.text, sort: data.sort === "recent" ? null : data.sort };
  if (!results.nextCursor && data.onFirstPage) return html``;
  return html`<nav class="pagination" aria-label="More results">
  <span>${data.onFirstPage ? "" : html`<a href="${listUrl("/search", params)}">First results</a>`}</span>
  <span>${results.nextCursor ? html`<a href="${listUrl("/search", { ...params, cursor: results.nextCursor })}" rel="next">More results</a>` : ""}</span>
</nav>`;
}

/** The body of /search (and of an opened saved search). */
export function searchPageBody(data: SearchPageData, aside: Html = html``): Html {
  const { results } = data;
  const heading = data.saved ? data.saved.name : "Search";
  return html`<div class="page-heading"><h1>${heading}</h1>${data.saved ? html`<a href="/search/saved">All saved searches</a>` : ""}</div>
${data.saved ? html`<p class="notice" role="status">Results published since your last visit (${formatDateTime(data.saved.since)}) are marked New.</p>` : ""}
${searchBox(data.q, data.sort)}
${data.remote ?? ""}
${results ? explanation(results) : ""}
${data.ignored ? html`<div class="notice notice-warning" role="status"><p>There is nothing to search for in that query.</p>${data.ignored.length > 0 ? html`<ul class="search-notes small">${data.ignored.map((note) => html`<li>${note}</li>`)}</ul>` : ""}</div>` : ""}
${data.saveForm ?? ""}
${data.onFirstPage ? html`${peopleList(data.people)}${tagSection(data.tags)}` : ""}
${
  results
    ? html`<section aria-labelledby="results-heading">
  <h2 id="results-heading">Entries</h2>
  ${hitList(results, data.viewerId, data.saved?.since ?? null)}
  ${morePages(data, results)}
</section>`
    : ""
}
${queryBuilder(data.builder, data.sort, results === null)}
${aside}`;
}
