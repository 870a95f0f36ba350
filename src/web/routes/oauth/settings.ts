import { type Context, Hono } from "hono";
import { html, raw } from "hono/html";
import {
  authorizedApps,
  createPersonalToken,
  personalTokens,
  revokeAppAuthorization,
} from "../../../domain/api/authorizations.ts";
import { revokeToken } from "../../../domain/api/tokens.ts";
import { notFound } from "../../../domain/errors.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { type Failure, failureOf, formProblem, inputField } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { scopeInWords, TOKEN_SCOPE_CHOICES } from "./scope-words.ts";

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "never");

interface TokenForm {
  name: string;
  scopes: string[];
}

function scopeList(scopes: readonly string[]): Html {
  return html`<ul class="oauth-scopes small">${scopes.map((s) => html`<li>${scopeInWords(s)} <span class="muted">(${s})</span></li>`)}</ul>`;
}

/** One revocable grant of access: an authorized app or a personal token. */
interface AccessRow {
  name: string;
  website?: string | null;
  scopes: readonly string[];
  since: Date;
  lastUsedAt: Date | null;
  revokeAction: string;
}

function accessTable(
  c: Context<AppEnv>,
  nameHeading: string,
  sinceHeading: string,
  rows: AccessRow[],
): Html {
  return html`<table>
<thead><tr><th scope="col">${nameHeading}</th><th scope="col">It may</th><th scope="col">${sinceHeading}</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr>
  <td><strong>${row.name}</strong>${row.website ? html`<br><a class="small" href="${row.website}" rel="noopener noreferrer">${row.website}</a>` : ""}</td>
  <td>${scopeList(row.scopes)}</td>
  <td>${day(row.since)}</td>
  <td>${day(row.lastUsedAt)}</td>
  <td><form method="post" action="${row.revokeAction}" class="inline-form">${csrfField(c)}<button type="submit" class="danger button-small">Revoke<span class="visually-hidden"> ${row.name}</span></button></form></td>
</tr>`,
  )}</tbody></table>`;
}

async function appsSection(c: Context<AppEnv>, user: CurrentUser): Promise<Html> {
  const apps = await authorizedApps(c.get("ctx"), user);
  if (apps.length === 0) return html`<p class="empty">No app holds access to your account.</p>`;
  return accessTable(
    c,
    "App",
    "Authorized",
    apps.map((app) => ({
      ...app,
      since: app.authorizedAt,
      revokeAction: `/settings/apps/${app.appId}/revoke`,
    })),
  );
}

async function tokensSection(c: Context<AppEnv>, user: CurrentUser): Promise<Html> {
  const tokens = await personalTokens(c.get("ctx"), user);
  if (tokens.length === 0) return html`<p class="empty">You have no personal access tokens.</p>`;
  return accessTable(
    c,
    "Name",
    "Created",
    tokens.map((token) => ({
      ...token,
      since: token.createdAt,
      revokeAction: `/settings/tokens/${token.id}/revoke`,
    })),
  );
}

function createTokenForm(c: Context<AppEnv>, values: TokenForm, failure?: Failure): Html {
  const errors = failure?.fields ?? {};
  return html`<form method="post" action="/settings/tokens" class="stack">
  ${csrfField(c)}
  ${formProblem(failure?.message)}
  ${inputField({ name: "name", label: "Token name", value: values.name, error: errors.name, maxlength: 100, hint: "What will use it, e.g. “Backup script”.", required: true })}
  <fieldset class="field">
    <legend>It may</legend>
    ${errors.scopes ? html`<p class="error" id="scopes-error">${errors.scopes}</p>` : ""}
    ${TOKEN_SCOPE_CHOICES.map(
      (choice) =>
        html`<div class="choice"><input type="checkbox" id="scope-${choice.scope}" name="scopes" value="${choice.scope}"${values.scopes.includes(choice.scope) ? raw(" checked") : ""}><label for="scope-${choice.scope}">${choice.words} <span class="muted small">(${choice.scope})</span></label></div>`,
    )}
  </fieldset>
  <div class="actions"><button type="submit">Create token</button></div>
</form>`;
}

async function appsPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  options: {
    created?: { name: string; token: string };
    values?: TokenForm;
    failure?: Failure;
  } = {},
) {
  const values = options.values ?? { name: "", scopes: ["read"] };
  const saved = c.req.query("revoked");
  c.header("Cache-Control", "no-store");
  return renderPage(c, {
    title: "Apps and tokens",
    wide: true,
    status: options.failure?.status ?? 200,
    body: html`<h1>Apps and tokens</h1>
<p class="muted">Apps you use Outloud from (Ivory, Tusky, Elk, Phanpy…) and tokens for your own scripts. Also: <a href="/settings/profile">Profile settings</a>.</p>
${saved && !options.created ? html`<p class="notice" role="status">Access revoked: it no longer works.</p>` : ""}
${
  options.created
    ? html`<div class="notice" role="status">
  <p><strong>Your new token “${options.created.name}”.</strong> Copy it now: it is shown only this once.</p>
  <label for="new-token">Token</label>
  <input id="new-token" class="oauth-code" type="text" readonly value="${options.created.token}">
</div>`
    : ""
}
<section aria-labelledby="apps-heading" class="admin-section">
  <h2 id="apps-heading">Authorized apps</h2>
  ${await appsSection(c, user)}
</section>
<section aria-labelledby="tokens-heading" class="admin-section">
  <h2 id="tokens-heading">Personal access tokens</h2>
  <p class="muted">A token lets a script use the Mastodon-compatible API as you, with the permissions you choose. Keep it secret like a password.</p>
  ${await tokensSection(c, user)}
  <h3>New token</h3>
  ${createTokenForm(c, values, options.failure)}
</section>`,
  });
}

/** `/settings/apps`: authorized apps and personal access tokens, each revocable. */
export function appSettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/settings/apps", (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : appsPage(c, user);
  });
  app.post("/settings/apps/:id/revoke", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    await revokeAppAuthorization(c.get("ctx"), user, c.req.param("id"));
    return c.redirect("/settings/apps?revoked=1", 303);
  });
  app.post("/settings/tokens", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const body = await c.req.parseBody({ all: true });
    const name = typeof body.name === "string" ? body.name : "";
    const picked = body.scopes;
    const scopes = (Array.isArray(picked) ? picked : [picked]).filter((s) => typeof s === "string");
    try {
      const created = await createPersonalToken(c.get("ctx"), user, { name, scopes });
      return appsPage(c, user, { created: { name: name.trim(), token: created.token } });
    } catch (error) {
      return appsPage(c, user, { values: { name, scopes }, failure: failureOf(error) });
    }
  });
  app.post("/settings/tokens/:id/revoke", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const id = c.req.param("id");
    if (!/^[0-9a-f-]{36}$/i.test(id) || !(await revokeToken(c.get("ctx"), id, user.userId))) {
      throw notFound("That token does not exist, or it is not yours.");
    }
    return c.redirect("/settings/apps?revoked=1", 303);
  });
  return app;
}
