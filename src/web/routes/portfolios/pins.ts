import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { EntryView } from "../../../domain/entries/index.ts";
import {
  MAX_PINS,
  movePin,
  pinCandidates,
  pinEntry,
  pinnedFor,
  unpinEntry,
} from "../../../domain/portfolios/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { AUDIENCE_BADGES, entryName, formatDate } from "../../views/labels.ts";
import { portfolioPaths } from "../../views/portfolio-paths.ts";
import { failureOf, formProblem, formValues } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

const ENTRY = `${portfolioPaths.pinned}/:entry{[0-9a-fA-F-]{36}}`;

function action(
  c: Context<AppEnv>,
  to: string,
  label: string,
  aria: string,
  direction?: string,
): Html {
  return html`<form method="post" action="${to}" class="inline-form">${csrfField(c)}${direction ? html`<input type="hidden" name="direction" value="${direction}">` : ""}<button type="submit" class="button-small secondary" aria-label="${aria}">${label}</button></form>`;
}

function row(c: Context<AppEnv>, entry: EntryView, pinned: boolean): Html {
  const name = entryName(entry, 80);
  const to = `${portfolioPaths.pinned}/${entry.id}`;
  return html`<li class="pin-row">
  <span><a href="${paths.entry(entry.author.handle, entry.id)}">${name}</a>
  <span class="muted small">${entry.publishedAt ? formatDate(entry.publishedAt) : ""} · ${AUDIENCE_BADGES[entry.audience]}</span></span>
  <span class="portfolio-edit-actions">${
    pinned
      ? html`${action(c, `${to}/move`, "↑ Up", `Move “${name}” up`, "up")}${action(c, `${to}/move`, "↓ Down", `Move “${name}” down`, "down")}${action(c, `${to}/unpin`, "Unpin", `Unpin “${name}”`)}`
      : action(c, `${to}/pin`, "Pin", `Pin “${name}” to your profile`)
  }</span>
</li>`;
}

async function pinsPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  problem?: { status: 409 | 422 | 404 | 400; message: string },
) {
  const ctx = c.get("ctx");
  const [pinned, candidates] = await Promise.all([
    pinnedFor(ctx, user, user.actorId),
    pinCandidates(ctx, user),
  ]);
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: "Pinned entries",
    status: problem?.status ?? 200,
    body: html`<h1>Pinned entries</h1>
<p class="lead">Up to ${MAX_PINS} entries shown first on <a href="${paths.profile(user.handle)}">your profile</a>. Each keeps its own audience: visitors see only those they may see.</p>
${formProblem(problem?.message)}
<section aria-labelledby="pinned-heading">
  <h2 id="pinned-heading">Pinned (${pinned.length} of ${MAX_PINS})</h2>
  ${pinned.length > 0 ? html`<ol class="pin-list">${pinned.map((entry) => row(c, entry, true))}</ol>` : html`<p class="empty">Nothing pinned yet.</p>`}
</section>
<section aria-labelledby="candidates-heading">
  <h2 id="candidates-heading">Your recent entries</h2>
  ${candidates.length > 0 ? html`<ul class="pin-list">${candidates.map((entry) => row(c, entry, false))}</ul>` : html`<p class="empty">No other published entries.</p>`}
</section>`,
  });
}

/** `/settings/pinned`: choose and order the entries at the top of the profile. */
export function pinRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(portfolioPaths.pinned, (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : pinsPage(c, user);
  });

  const operations = {
    pin: (c: Context<AppEnv>, user: CurrentUser, id: string) => pinEntry(c.get("ctx"), user, id),
    unpin: (c: Context<AppEnv>, user: CurrentUser, id: string) =>
      unpinEntry(c.get("ctx"), user, id),
    move: async (c: Context<AppEnv>, user: CurrentUser, id: string) =>
      movePin(c.get("ctx"), user, id, await formValues(c)),
  };
  for (const [name, run] of Object.entries(operations)) {
    app.post(`${ENTRY}/${name}`, async (c) => {
      const user = signedInOrRedirect(c);
      if (user instanceof Response) return user;
      try {
        await run(c, user, c.req.param("entry") ?? "");
        return c.redirect(portfolioPaths.pinned, 303);
      } catch (error) {
        const failure = failureOf(error);
        if (failure.status === 404) throw error;
        return pinsPage(c, user, { status: failure.status as 409 | 422, message: failure.message });
      }
    });
  }

  return app;
}
