import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  approveFollowRequest,
  pendingFollowRequests,
  rejectFollowRequest,
} from "../../../domain/moderation/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { actorAddress, actorLine } from "../../views/actor-summary.ts";
import { formatDate } from "../../views/labels.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

const NOTICES: Record<string, string> = {
  approved: "Approved: they now follow you.",
  rejected: "Declined: they do not follow you.",
};

async function requestsPage(c: Context<AppEnv>, user: CurrentUser) {
  const requests = await pendingFollowRequests(c.get("ctx"), user);
  const notice = NOTICES[c.req.query("done") ?? ""];
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: "Follow requests",
    head: html`<meta name="robots" content="noindex">`,
    body: html`<h1>Follow requests</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<p class="muted">People who asked to follow you. Approved followers see your followers-only entries. You approve followers one by one while “Approve followers manually” is on in your <a href="/settings/profile">profile settings</a>.</p>
${
  requests.length === 0
    ? html`<p class="empty">No one is waiting.</p>`
    : html`<ul class="moderation-list">${requests.map(
        (r) => html`<li>
  ${actorLine(r)}
  <span class="small muted">Asked ${formatDate(r.requestedAt)}</span>
  <span class="moderation-list-actions">
    <form method="post" action="/follow-requests/${r.id}/approve" class="inline-form">${csrfField(c)}<button type="submit" class="button-small" aria-label="Approve ${actorAddress(r)}">Approve</button></form>
    <form method="post" action="/follow-requests/${r.id}/reject" class="inline-form">${csrfField(c)}<button type="submit" class="button-small secondary" aria-label="Decline ${actorAddress(r)}">Decline</button></form>
  </span>
</li>`,
      )}</ul>`
}`,
  });
}

/** `/follow-requests`: approve or decline those who asked to follow a locked account. */
export function followRequestRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/follow-requests", (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : requestsPage(c, user);
  });
  for (const [verb, operation, done] of [
    ["approve", approveFollowRequest, "approved"],
    ["reject", rejectFollowRequest, "rejected"],
  ] as const) {
    app.post(`/follow-requests/:id/${verb}`, async (c) => {
      const user = signedInOrRedirect(c);
      if (user instanceof Response) return user;
      await operation(c.get("ctx"), user, c.req.param("id"));
      return c.redirect(`/follow-requests?done=${done}`, 303);
    });
  }
  return app;
}
