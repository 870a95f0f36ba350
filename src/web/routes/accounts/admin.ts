import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import {
  createInvite,
  type InviteView,
  listInvites,
  revokeInvite,
} from "../../../domain/accounts/invites.ts";
import { registrationMode, setRegistrationMode } from "../../../domain/settings.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import {
  type Failure,
  failureOf,
  formProblem,
  formValues,
  inputField,
  type Values,
} from "./forms.ts";

const MODES = [
  { value: "invite", label: "Invite only", hint: "People need an invite link from you." },
  { value: "open", label: "Open", hint: "Anyone who finds this site can create an account." },
  { value: "closed", label: "Closed", hint: "Nobody can create an account." },
] as const;

const NOTICES: Record<string, string> = {
  registration: "Registration setting saved.",
  revoked: "The invite was revoked; its link no longer works.",
};

const day = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const when = (date: Date | null, none: string): Html =>
  date ? html`<time datetime="${date.toISOString()}">${day.format(date)}</time>` : html`${none}`;

function inviteRow(c: Context<AppEnv>, invite: InviteView): Html {
  const state =
    invite.state === "used"
      ? html`Used${invite.usedByHandle ? html` by <a href="/@${invite.usedByHandle}">@${invite.usedByHandle}</a>` : ""}`
      : invite.state === "expired"
        ? "Expired"
        : "Unused";
  return html`<tr>
  <td>${invite.note || html`<span class="muted">No note</span>`}</td>
  <td>${when(invite.createdAt, "")}</td>
  <td>${when(invite.expiresAt, "Never")}</td>
  <td>${state}</td>
  <td>${
    invite.state === "used"
      ? ""
      : html`<form method="post" action="/admin/invites/${invite.id}/revoke" class="inline-form">${csrfField(c)}<button type="submit" class="button-small secondary">Revoke</button></form>`
  }</td>
</tr>`;
}

interface AdminState {
  newLink?: string;
  values?: Values;
  failure?: Failure;
}

async function adminPage(c: Context<AppEnv>, state: AdminState = {}) {
  const ctx = c.get("ctx");
  const invites = await listInvites(ctx, c.get("user"));
  const mode = await registrationMode(ctx);
  const notice = NOTICES[c.req.query("saved") ?? ""];
  const errors = state.failure?.fields ?? {};
  return renderPage(c, {
    title: "Admin",
    status: state.failure?.status ?? 200,
    wide: true,
    body: html`<h1>Admin</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<nav aria-label="Moderation" class="admin-section"><h2>Moderation</h2><ul>
  <li><a href="/admin/reports">Reports</a>: what members and other servers reported</li>
  <li><a href="/admin/domain-blocks">Blocked servers</a>: drop a whole server's activities</li>
</ul></nav>
<section aria-labelledby="registration-heading" class="admin-section">
  <h2 id="registration-heading">Registration</h2>
  <form method="post" action="/admin/registration" class="stack">
    ${csrfField(c)}
    <fieldset class="field">
      <legend>Who can create an account</legend>
      ${MODES.map(
        (m) => html`<div class="choice">
        <input type="radio" id="registration-${m.value}" name="registration" value="${m.value}"${m.value === mode ? html` checked` : ""}>
        <label for="registration-${m.value}">${m.label}</label>
        <span class="hint">${m.hint}</span>
      </div>`,
      )}
    </fieldset>
    <div class="actions"><button type="submit">Save</button></div>
  </form>
</section>
<section aria-labelledby="invites-heading" class="admin-section">
  <h2 id="invites-heading">Invites</h2>
  ${
    state.newLink
      ? html`<div class="notice" role="status">
    <p><strong>Your invite link is ready.</strong> Copy it now and send it to the person you invite: it is shown only once and works for one account.</p>
    <div class="field"><label for="invite-link">Invite link</label><input id="invite-link" type="text" readonly value="${state.newLink}"></div>
  </div>`
      : ""
  }
  ${formProblem(state.failure?.message)}
  <form method="post" action="/admin/invites" class="stack">
    ${csrfField(c)}
    ${inputField({ name: "note", label: "Note", value: state.values?.note, error: errors.note, hint: "Who it is for, to recognise it later (optional).", maxlength: 200 })}
    ${inputField({ name: "expiresInDays", label: "Expires in days", inputmode: "numeric", className: "short", value: state.values?.expiresInDays, error: errors.expiresInDays, hint: "Leave empty for a link that does not expire." })}
    <div class="actions"><button type="submit">Create invite link</button></div>
  </form>
  ${
    invites.length === 0
      ? html`<p class="empty">No invites yet.</p>`
      : html`<table class="invites">
    <thead><tr><th scope="col">Note</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${invites.map((invite) => inviteRow(c, invite))}</tbody>
  </table>`
  }
</section>`,
  });
}

export function adminRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/admin", (c) => adminPage(c));
  app.post("/admin/registration", async (c) => {
    const values = await formValues(c);
    await setRegistrationMode(c.get("ctx"), c.get("user"), values.registration);
    return c.redirect("/admin?saved=registration", 303);
  });
  app.post("/admin/invites", async (c) => {
    const ctx = c.get("ctx");
    const values = await formValues(c);
    try {
      const { token } = await createInvite(ctx, c.get("user"), {
        note: values.note,
        expiresInDays: values.expiresInDays,
      });
      const newLink = `${ctx.config.publicUrl}/register?invite=${encodeURIComponent(token)}`;
      return adminPage(c, { newLink });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status === 404) throw error;
      return adminPage(c, { values, failure });
    }
  });
  app.post("/admin/invites/:id/revoke", async (c) => {
    await revokeInvite(c.get("ctx"), c.get("user"), c.req.param("id"));
    return c.redirect("/admin?saved=revoked", 303);
  });
  return app;
}
