import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "./env.ts";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageOptions {
  title: string;
  body: Html;
  /** Extra tags for <head>: OpenGraph, feed links, canonical URL. */
  head?: Html;
  description?: string;
  /** A wider main column for lists and grids. */
  wide?: boolean;
  status?: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500;
}

/** A hidden field carrying the CSRF token, for every cookie-authenticated form. */
export function csrfField(c: Context<AppEnv>): Html {
  return html`<input type="hidden" name="_csrf" value="${c.get("csrfToken")}">`;
}

function nav(c: Context<AppEnv>): Html {
  const user = c.get("user");
  if (!user) {
    return html`<nav aria-label="Site"><ul>
      <li><a href="/search">Search</a></li>
      <li><a href="/sign-in">Sign in</a></li>
    </ul></nav>`;
  }
  return html`<nav aria-label="Site"><ul>
    <li><a class="button button-small" href="/compose">New entry</a></li>
    <li><a href="/home">Home</a></li>
    <li><a href="/journal">Journal</a></li>
    <li><a href="/portfolios">Portfolios</a></li>
    <li><a href="/search">Search</a></li>
    <li><a href="/@${user.handle}">Profile</a></li>
    <li><a href="/settings/profile">Settings</a></li>
    ${user.role === "admin" ? html`<li><a href="/admin">Admin</a></li>` : ""}
    <li><form method="post" action="/sign-out" class="inline-form">${csrfField(c)}<button type="submit" class="link-button">Sign out</button></form></li>
  </ul></nav>`;
}

/** The one page shell: landmarks, skip link, header, footer, stylesheet. */
export function renderPage(c: Context<AppEnv>, options: PageOptions): Response | Promise<Response> {
  const siteName = "Outloud";
  const title = options.title ? `${options.title} · ${siteName}` : siteName;
  return c.html(
    html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${options.description ? html`<meta name="description" content="${options.description}">` : ""}
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/static/icon.svg" type="image/svg+xml">
${options.head ?? ""}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="site-header-inner">
    <a class="site-name" href="/">${siteName}</a>
    ${nav(c)}
  </div>
</header>
<main id="main" class="${options.wide ? "main wide" : "main"}">
${options.body}
</main>
<footer class="site-footer">
  <p>Powered by Outloud: show your work, share what you learn.</p>
</footer>
</body>
</html>`,
    options.status ?? 200,
  );
}

/** A short page with a heading and a message: errors, confirmations. */
export function renderMessage(
  c: Context<AppEnv>,
  status: NonNullable<PageOptions["status"]>,
  heading: string,
  message: string,
): Response | Promise<Response> {
  return renderPage(c, {
    title: heading,
    status,
    body: html`<section class="message"><h1>${heading}</h1><p>${message}</p><p><a href="/">Go to the home page</a></p></section>`,
  });
}
