import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  deleteSavedSearch,
  openSavedSearch,
  savedSearchesOf,
  saveSearch,
} from "../../../domain/search/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { searchPageBody } from "../../views/search-page.ts";
import { savedSearchList } from "../../views/search-saved.ts";
import { formValues } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { searchPageData } from "./search.ts";

function deleteForm(c: Context<AppEnv>) {
  return (id: string) =>
    html`<form method="post" action="/search/saved/${id}/delete" class="inline-form">${csrfField(c)}<button type="submit" class="link-button">Delete</button></form>`;
}

/** Saved searches: save, list with "new since last visit", open, delete (members only). */
export function savedSearchRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/search/saved", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const saved = await savedSearchesOf(c.get("ctx"), user);
    return renderPage(c, {
      title: "Saved searches",
      body: html`<div class="page-heading"><h1>Saved searches</h1><a href="/search">Search</a></div>
${c.req.query("saved") ? html`<p class="notice" role="status">Search saved. New results will be counted here.</p>` : ""}
<p class="lead">Each saved search counts the entries, and the posts from other servers, published since you last opened it.</p>
${savedSearchList(saved, deleteForm(c))}`,
    });
  });

  app.post("/search/saved", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    await saveSearch(c.get("ctx"), user, { name: values.name, q: values.q, sort: values.sort });
    return c.redirect("/search/saved?saved=1", 303);
  });

  app.get("/search/saved/:id", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const saved = await openSavedSearch(c.get("ctx"), user, c.req.param("id"));
    const data = await searchPageData(c, {
      q: saved.query,
      sort: saved.sort,
      cursor: null,
      saved: { name: saved.name, since: saved.lastSeenAt },
    });
    return renderPage(c, { title: saved.name, body: searchPageBody(data) });
  });

  app.post("/search/saved/:id/delete", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    await deleteSavedSearch(c.get("ctx"), user, c.req.param("id"));
    return c.redirect("/search/saved", 303);
  });

  return app;
}
