import { Hono } from "hono";
import { html } from "hono/html";
import { journalEntries } from "../../../domain/entries/index.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { entryList } from "../../views/entry-card.ts";
import { filterBar } from "../../views/filters.ts";
import { pagination } from "../../views/pagination.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { nudgeFor } from "../reflection/nudge.ts";
import { cursorOf, queryParam } from "./request.ts";

/** `/journal`: all of the member's own entries, drafts, scheduled and private ones too. */
export function journalRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/journal", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const filters = {
      prompt: queryParam(c, "prompt"),
      tag: queryParam(c, "tag", 65),
      audience: queryParam(c, "audience"),
      status: queryParam(c, "status"),
    };
    const cursor = cursorOf(c);
    const page = await journalEntries(c.get("ctx"), user, { ...filters, cursor });
    const filtered = Object.values(filters).some(Boolean);
    return renderPage(c, {
      title: "Your journal",
      head: html`<meta name="robots" content="noindex">`,
      body: html`<div class="page-heading">
  <h1>Your journal</h1>
  <a class="button" href="/compose">New entry</a>
</div>
<p class="muted">Everything you have written: drafts, scheduled and private entries included. Only you see this page.</p>
${nudgeFor(c)}
${filterBar("/journal", filters, true)}
${entryList(page.entries, { viewerId: user.actorId }, filtered ? "No entries match these filters." : "Nothing yet. Start with what you are working on.")}
${pagination("/journal", filters, page.nextCursor, cursor === null)}`,
    });
  });

  return app;
}
