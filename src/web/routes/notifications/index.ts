import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { isUuid } from "../../../domain/ids.ts";
import {
  clearNotifications,
  dismissNotification,
  markNotificationsRead,
  NOTIFICATIONS_PAGE_SIZE,
  notificationsFor,
} from "../../../domain/notifications/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { notificationsByDay } from "../../views/notification-list.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

const NOTICES: Record<string, string> = {
  dismissed: "Notification dismissed.",
  cleared: "All notifications cleared.",
};

async function notificationsPage(c: Context<AppEnv>, user: CurrentUser) {
  const ctx = c.get("ctx");
  const before = c.req.query("before");
  const maxId = before && isUuid(before) ? before : null;
  const list = await notificationsFor(ctx, user, { maxId, limit: NOTIFICATIONS_PAGE_SIZE });
  // Seen now: the page still shows which were new, the header's count drops.
  const newest = list[0];
  if (newest && list.some((n) => n.readAt === null)) {
    await markNotificationsRead(ctx, user, newest.id);
  }
  const last = list.at(-1);
  const dismiss = (id: string): Html =>
    html`<form method="post" action="/notifications/${id}/dismiss" class="inline-form">${csrfField(c)}<button type="submit" class="link-button">Dismiss</button></form>`;
  const notice = NOTICES[c.req.query("done") ?? ""];
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: "Notifications",
    head: html`<meta name="robots" content="noindex">`,
    body: html`<div class="page-heading">
  <h1>Notifications</h1>
  ${
    list.length > 0 && !maxId
      ? html`<form method="post" action="/notifications/clear" class="inline-form">${csrfField(c)}<button type="submit" class="button-small secondary">Clear all</button></form>`
      : ""
  }
</div>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<p class="muted">Follows, replies, mentions, questions, likes and shares, newest first. Opening this page marks them read. <a href="/follow-requests">Follow requests</a> · <a href="/settings/blocks">Blocked and muted accounts</a></p>
${list.length === 0 ? html`<p class="empty">${maxId ? "No older notifications." : "Nothing new. When people follow you, reply, mention you, like or share your entries, you will see it here."}</p>` : notificationsByDay(list, dismiss)}
${
  maxId || (last && list.length === NOTIFICATIONS_PAGE_SIZE)
    ? html`<nav class="pagination" aria-label="More notifications">
  <span>${maxId ? html`<a href="/notifications">Newest notifications</a>` : ""}</span>
  <span>${last && list.length === NOTIFICATIONS_PAGE_SIZE ? html`<a href="/notifications?before=${last.id}" rel="next">Older notifications</a>` : ""}</span>
</nav>`
    : ""
}`,
  });
}

/** `/notifications`: read, dismiss one, clear all. */
export function notificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/notifications", (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : notificationsPage(c, user);
  });
  app.post("/notifications/clear", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    await clearNotifications(c.get("ctx"), user);
    return c.redirect("/notifications?done=cleared", 303);
  });
  app.post("/notifications/:id/dismiss", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    await dismissNotification(c.get("ctx"), user, c.req.param("id"));
    return c.redirect("/notifications?done=dismissed", 303);
  });
  return app;
}
