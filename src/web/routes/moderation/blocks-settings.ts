import { Hono } from "hono";
import { html } from "hono/html";
import { blockedActors, mutedActors } from "../../../domain/moderation/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { actorAddress, actorLine } from "../../views/actor-summary.ts";
import { formatDate, formatDateTime } from "../../views/labels.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

/** `/settings/blocks`: the accounts a member blocked or muted, each with its undo. */
export function blockSettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/settings/blocks", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const [blocked, muted] = await Promise.all([blockedActors(ctx, user), mutedActors(ctx, user)]);
    const back = html`<input type="hidden" name="next" value="/settings/blocks">`;
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Blocked and muted accounts",
      head: html`<meta name="robots" content="noindex">`,
      body: html`<h1>Blocked and muted accounts</h1>
<p class="muted">Block or mute someone from their profile. Also: <a href="/settings/profile">Profile settings</a> · <a href="/follow-requests">Follow requests</a></p>
<section aria-labelledby="blocked-heading" class="admin-section">
  <h2 id="blocked-heading">Blocked</h2>
  <p class="small muted">They cannot follow you or see your entries, and you do not see theirs.</p>
  ${
    blocked.length === 0
      ? html`<p class="empty">You have not blocked anyone.</p>`
      : html`<ul class="moderation-list">${blocked.map(
          (
            a,
          ) => html`<li>${actorLine(a)}<span class="small muted">Since ${formatDate(a.blockedAt)}</span>
  <span class="moderation-list-actions"><form method="post" action="/actors/${a.id}/unblock" class="inline-form">${csrfField(c)}${back}<button type="submit" class="button-small secondary" aria-label="Unblock ${actorAddress(a)}">Unblock</button></form></span></li>`,
        )}</ul>`
  }
</section>
<section aria-labelledby="muted-heading" class="admin-section">
  <h2 id="muted-heading">Muted</h2>
  <p class="small muted">Their posts stay out of your home timeline; they are not told.</p>
  ${
    muted.length === 0
      ? html`<p class="empty">You have not muted anyone.</p>`
      : html`<ul class="moderation-list">${muted.map(
          (
            a,
          ) => html`<li>${actorLine(a)}<span class="small muted">${a.expiresAt ? `Until ${formatDateTime(a.expiresAt)}` : "Until you unmute"}${a.hideNotifications ? " · notifications hidden" : ""}</span>
  <span class="moderation-list-actions"><form method="post" action="/actors/${a.id}/unmute" class="inline-form">${csrfField(c)}${back}<button type="submit" class="button-small secondary" aria-label="Unmute ${actorAddress(a)}">Unmute</button></form></span></li>`,
        )}</ul>`
  }
</section>`,
    });
  });
  return app;
}
