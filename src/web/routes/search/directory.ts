import { Hono } from "hono";
import { html } from "hono/html";
import { directoryMembers, peopleToFollow } from "../../../domain/search/index.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, renderPage } from "../../layout.ts";
import {
  directoryFilter,
  directoryList,
  directoryPagination,
  suggestionList,
} from "../../views/search-directory.ts";
import { queryParam, viewerOf } from "../entries/request.ts";

/** `/directory`: members who opted in, and (for members) people to follow from their tags. */
export function directoryRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/directory", async (c) => {
    const ctx = c.get("ctx");
    const user = c.get("user");
    const q = queryParam(c, "q", 100);
    const cursor = queryParam(c, "cursor", 30) || null;
    const [page, suggestions] = await Promise.all([
      directoryMembers(ctx, viewerOf(c), { q, cursor }),
      user && !cursor && !q ? peopleToFollow(ctx, user) : null,
    ]);
    const follow: Html = suggestions
      ? html`<section aria-labelledby="follow-heading">
  <h2 id="follow-heading">People to follow</h2>
  <p class="muted">Members of the directory who write about the tags you use most.</p>
  ${suggestionList(suggestions)}
</section>`
      : html``;
    return renderPage(c, {
      title: "Member directory",
      description: "Members of this Outloud instance who chose to be listed",
      wide: true,
      body: html`<div class="page-heading"><h1>Member directory</h1><a href="/search">Search entries</a></div>
<p class="lead">Members who chose to be listed, with the tags they write about most.${user ? html` To be listed, turn on “List me in the member directory” in <a href="/settings/profile">your profile settings</a>.` : ""}</p>
${follow}
<section aria-labelledby="members-heading">
  <h2 id="members-heading">Members</h2>
  ${directoryFilter(q)}
  ${directoryList(page.members, q ? "No listed member matches." : "Nobody is listed yet.")}
  ${directoryPagination(q, page.nextCursor, cursor === null)}
</section>`,
    });
  });
  return app;
}
