import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { blockDomain, domainBlocks, unblockDomain } from "../../../domain/moderation/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { formatDate } from "../../views/labels.ts";
import {
  type Failure,
  failureOf,
  formProblem,
  formValues,
  inputField,
  type Values,
} from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

const NOTICES: Record<string, string> = {
  added: "The server is blocked: its activities are dropped and follows with it ended.",
  removed: "The block is lifted. Follows that ended are not restored.",
};

async function domainBlocksPage(
  c: Context<AppEnv>,
  admin: CurrentUser,
  values: Values = {},
  failure?: Failure,
) {
  const blocks = await domainBlocks(c.get("ctx"), admin);
  const notice = failure ? undefined : NOTICES[c.req.query("done") ?? ""];
  const errors = failure?.fields ?? {};
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: "Blocked servers",
    status: failure?.status ?? 200,
    wide: true,
    body: html`<p class="small"><a href="/admin">← Admin</a></p>
<h1>Blocked servers</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
<p class="muted">Activities from a blocked server (and its subdomains) are dropped before they are read, and every follow between its accounts and members here ends.</p>
<section aria-labelledby="add-heading" class="admin-section">
  <h2 id="add-heading">Block a server</h2>
  ${formProblem(failure?.message)}
  <form method="post" action="/admin/domain-blocks" class="stack">
    ${csrfField(c)}
    ${inputField({ name: "domain", label: "Server", value: values.domain, error: errors.domain, placeholder: "spam.example", hint: "Its domain name, e.g. spam.example. A pasted address works too.", required: true, maxlength: 260 })}
    ${inputField({ name: "reason", label: "Reason", value: values.reason, error: errors.reason, hint: "For your records (optional).", maxlength: 500 })}
    <div class="actions"><button type="submit" class="button-danger">Block server</button></div>
  </form>
</section>
<section aria-labelledby="list-heading" class="admin-section">
  <h2 id="list-heading">Blocked</h2>
  ${
    blocks.length === 0
      ? html`<p class="empty">No servers are blocked.</p>`
      : html`<table class="invites domain-blocks">
    <thead><tr><th scope="col">Server</th><th scope="col">Reason</th><th scope="col">Since</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${blocks.map(
      (b) => html`<tr>
      <td><code>${b.domain}</code></td>
      <td>${b.reason || html`<span class="muted">No reason given</span>`}</td>
      <td>${formatDate(b.createdAt)}${b.createdBy ? html` <span class="small muted">by @${b.createdBy}</span>` : ""}</td>
      <td><form method="post" action="/admin/domain-blocks/remove" class="inline-form">${csrfField(c)}<input type="hidden" name="domain" value="${b.domain}"><button type="submit" class="button-small secondary" aria-label="Unblock ${b.domain}">Unblock</button></form></td>
    </tr>`,
    )}</tbody>
  </table>`
  }
</section>`,
  });
}

/** `/admin/domain-blocks`: the admin blocks and unblocks whole servers. */
export function adminDomainBlockRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/admin/domain-blocks", (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : domainBlocksPage(c, user);
  });
  app.post("/admin/domain-blocks", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    try {
      await blockDomain(c.get("ctx"), user, { domain: values.domain ?? "", reason: values.reason });
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status !== 422) throw error;
      return domainBlocksPage(c, user, values, failure);
    }
    return c.redirect("/admin/domain-blocks?done=added", 303);
  });
  app.post("/admin/domain-blocks/remove", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    await unblockDomain(c.get("ctx"), user, values.domain ?? "");
    return c.redirect("/admin/domain-blocks?done=removed", 303);
  });
  return app;
}
