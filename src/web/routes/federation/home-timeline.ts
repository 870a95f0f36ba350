import { Hono } from "hono";
import { html } from "hono/html";
import { type HomeItem, homeTimeline } from "../../../domain/federation/index.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, renderPage } from "../../layout.ts";
import { homeItem } from "../../views/home-item.ts";
import { pagination } from "../../views/pagination.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { cursorOf } from "../entries/request.ts";

function timeline(items: readonly HomeItem[], viewerId: string): Html {
  if (items.length === 0) {
    return html`<p class="empty">Nothing here yet. Write an entry, or follow members here or on other servers (search for <code>@someone@their.server</code>).</p>`;
  }
  return html`<ul class="entry-list h-feed">${items.map((item) => homeItem(item, viewerId))}</ul>`;
}

/** `/home`: the member's own entries and those of everyone they follow, newest first. */
export function homeTimelineRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/home", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const cursor = cursorOf(c);
    const page = await homeTimeline(c.get("ctx"), user, { cursor });
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Home timeline",
      head: html`<meta name="robots" content="noindex">`,
      body: html`<div class="page-heading">
  <h1>Home timeline</h1>
  <a class="button" href="/compose">New entry</a>
</div>
<p class="muted">Your entries and those of the people you follow, here and on other servers, newest first.</p>
${timeline(page.items, user.actorId)}
${pagination("/home", {}, page.nextCursor, cursor === null)}`,
    });
  });
  return app;
}
