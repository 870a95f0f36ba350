import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  compose,
  decompose,
  parseQuery,
  type SavedSearchWithNews,
  type SearchSort,
  savedSearchesOf,
  searchForPage,
} from "../../../domain/search/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { listUrl } from "../../views/pagination.ts";
import { type SearchPageData, searchPageBody } from "../../views/search-page.ts";
import { savedSearchList } from "../../views/search-saved.ts";
import { viewerOf } from "../entries/request.ts";
import { postUrlResult } from "./post-url.ts";
import { remoteAccountResult } from "./remote-account.ts";
import { builderValuesOf, qOf, searchCursorOf, sortOf } from "./request.ts";

/** "Save this search", for signed-in members, under the results. */
function saveForm(c: Context<AppEnv>, text: string, sort: SearchSort): Html | null {
  if (!c.get("user") || text === "") return null;
  return html`<form method="post" action="/search/saved" class="filters save-search" aria-label="Save this search">
  ${csrfField(c)}
  <input type="hidden" name="q" value="${text}">
  <input type="hidden" name="sort" value="${sort}">
  <div class="field">
    <label for="save-name">Name of this search</label>
    <input id="save-name" name="name" type="text" maxlength="100" placeholder="${text.slice(0, 60)}">
  </div>
  <div class="actions"><button type="submit" class="secondary">Save this search</button> <a href="/search/saved">Saved searches</a></div>
</form>`;
}

/** Under an empty search: the member's saved searches with what is new, and the directory. */
function discover(saved: SavedSearchWithNews[] | null): Html {
  return html`<section class="search-discover" aria-labelledby="discover-heading">
  <h2 id="discover-heading">Discover</h2>
  <p>Browse <a href="/directory">the member directory</a>: members who chose to be listed, with the tags they write about.</p>
  ${
    saved
      ? html`<h3>Your saved searches</h3>${savedSearchList(saved, () => html``)}<p><a href="/search/saved">Manage saved searches</a></p>`
      : ""
  }
</section>`;
}

export interface SearchRun {
  q: string;
  sort: SearchSort;
  cursor: string | null;
  saved?: { name: string; since: Date };
}

/** Runs a search for the page: entries, and on the first page people and tags named like the words. */
export async function searchPageData(c: Context<AppEnv>, run: SearchRun): Promise<SearchPageData> {
  const ctx = c.get("ctx");
  const viewer = viewerOf(c);
  const query = parseQuery(run.q);
  const searched = query.groups.length > 0;
  const { results, people, tags } = await searchForPage(ctx, viewer, {
    query,
    sort: run.sort,
    cursor: run.cursor,
  });
  return {
    q: results?.text ?? run.q.trim(),
    sort: results?.sort ?? run.sort,
    builder: decompose(query),
    results,
    ignored: searched || run.q.trim() === "" ? null : query.notes,
    people,
    tags,
    onFirstPage: run.cursor === null,
    viewerId: viewer.actorId,
    saveForm: results && !run.saved ? saveForm(c, results.text, results.sort) : null,
    saved: run.saved,
  };
}

/** `/search`: the query box, the builder, results with snippets; `?build=1` writes the query from the builder. */
export function searchRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/search", async (c) => {
    const sort = sortOf(c.req.query("sort"));
    if (c.req.query("build")) {
      const q = compose(builderValuesOf(c));
      return c.redirect(listUrl("/search", { q, sort: sort === "recent" ? null : sort }), 303);
    }
    const cursor = searchCursorOf(c, sort);
    // A pasted post URL opens the post (looked up on its server when it is elsewhere).
    const byUrl = cursor === null ? await postUrlResult(c, qOf(c)) : null;
    if (byUrl instanceof Response) return byUrl;
    const data = await searchPageData(c, { q: qOf(c), sort, cursor });
    const user = c.get("user");
    if (data.onFirstPage) data.remote = byUrl ?? (await remoteAccountResult(c, qOf(c)));
    const saved = user && !data.results ? await savedSearchesOf(c.get("ctx"), user) : null;
    return renderPage(c, {
      title: data.results ? `Search: ${data.results.text}` : "Search",
      description: "Search entries, people and tags on Outloud",
      head: html`<meta name="robots" content="noindex">`,
      body: searchPageBody(data, data.results ? html`` : discover(saved)),
    });
  });
  return app;
}
