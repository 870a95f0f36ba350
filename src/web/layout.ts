import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { unreadNotificationCount } from "../domain/notifications/index.ts";
import type { CurrentUser } from "../domain/viewer.ts";
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

/** A bell for narrow screens, where "Notifications" is read out but not shown. */
const BELL = html`<svg class="nav-icon" aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/></svg>`;

/**
 * "Notifications" with the unread count: one indexed count per page a
 * member sees, so no route has to pass it in.
 */
async function notificationsLink(
  c: Context<AppEnv>,
  user: CurrentUser,
): Promise<HtmlEscapedString> {
  const unread = await unreadNotificationCount(c.get("ctx"), user, 100);
  const shown = unread >= 100 ? "99+" : String(unread);
  const badge =
    unread === 0
      ? ""
      : html` <span class="unread-badge">${shown}<span class="visually-hidden"> unread</span></span>`;
  return html`<a class="nav-notifications" href="/notifications">${BELL}Notifications${badge}</a>`;
}

/**
 * The signed-in header: the everyday links in one line, the rest under a
 * no-JS "More" menu (`<details>`). Under ~830 px "Portfolios" moves into
 * the menu (`nav-mid`); under 760 px only "New entry",
 * the notifications bell and the menu, which then holds every link
 * (`nav-wide` items hide, `nav-narrow` copies in the menu show).
 */
function nav(c: Context<AppEnv>): Html {
  const user = c.get("user");
  if (!user) {
    return html`<nav aria-label="Site"><ul>
      <li><a href="/search">Search</a></li>
      <li><a href="/sign-in">Sign in</a></li>
    </ul></nav>`;
  }
  // `mid`: moves into the menu first, on screens under ~830 px.
  const everyday = [
    { href: "/home", label: "Home", mid: false },
    { href: "/journal", label: "Journal", mid: false },
    { href: "/portfolios", label: "Portfolios", mid: true },
    { href: "/search", label: "Search", mid: false },
  ];
  return html`<nav aria-label="Site" class="site-nav"><ul class="nav-bar">
    <li><a class="button button-small" href="/compose">New entry</a></li>
    ${everyday.map((link) => html`<li class="nav-wide${link.mid ? " nav-mid" : ""}"><a href="${link.href}">${link.label}</a></li>`)}
    <li>${notificationsLink(c, user)}</li>
    <li><details class="nav-menu">
      <summary>More</summary>
      <ul>
        ${everyday.map((link) => html`<li class="nav-narrow${link.mid ? " nav-mid-copy" : ""}"><a href="${link.href}">${link.label}</a></li>`)}
        <li><a href="/conversations">Conversations</a></li>
        <li><a href="/@${user.handle}">Profile</a></li>
        <li><a href="/settings/profile">Settings</a></li>
        ${user.role === "admin" ? html`<li><a href="/admin">Admin</a></li>` : ""}
        <li class="nav-menu-end"><form method="post" action="/sign-out" class="inline-form">${csrfField(c)}<button type="submit" class="link-button">Sign out</button></form></li>
      </ul>
    </details></li>
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
