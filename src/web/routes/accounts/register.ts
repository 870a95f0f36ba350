import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import { registerMember, registrationAccess } from "../../../domain/accounts/registration.ts";
import { createSession } from "../../../domain/accounts/sessions.ts";
import type { RegistrationMode } from "../../../domain/settings.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderMessage, renderPage } from "../../layout.ts";
import { setSessionCookie } from "../../middleware/session.ts";
import { type Failure, failureOf, formProblem, formValues, type Values } from "./forms.ts";
import { memberFields, memberInput } from "./member-form.ts";

function registerPage(
  c: Context<AppEnv>,
  invite: string | undefined,
  values: Values = {},
  failure?: Failure,
) {
  return renderPage(c, {
    title: "Create your account",
    status: failure?.status ?? 200,
    body: html`<h1>Create your account</h1>
<p class="lead">Show what you are working on and share what you learn, in your own voice.</p>
${formProblem(failure?.message)}
<form method="post" action="/register" class="stack">
  ${csrfField(c)}
  ${invite ? html`<input type="hidden" name="invite" value="${invite}">` : ""}
  ${memberFields(values, failure?.fields ?? {})}
  <div class="actions"><button type="submit">Create account</button></div>
</form>
<p class="muted">Already have an account? <a href="/sign-in">Sign in</a>.</p>`,
  });
}

/** The friendly refusal: closed, or invite-only without a usable invite. */
function refusal(c: Context<AppEnv>, mode: RegistrationMode, reason: string) {
  const heading = mode === "closed" ? "Registration is closed" : "You need an invite";
  return renderMessage(c, 403, heading, reason);
}

export function registerRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/register", async (c) => {
    if (c.get("user")) return c.redirect("/journal", 303);
    const invite = c.req.query("invite");
    const access = await registrationAccess(c.get("ctx"), invite);
    if (!access.allowed) return refusal(c, access.mode, access.reason);
    return registerPage(c, access.mode === "invite" ? invite : undefined);
  });
  app.post("/register", async (c) => {
    const ctx = c.get("ctx");
    const values = await formValues(c);
    const invite = values.invite || undefined;
    try {
      const member = await registerMember(ctx, memberInput(values), invite);
      setSessionCookie(c, await createSession(ctx, member.userId));
      return c.redirect("/compose", 303);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status === 403) {
        const access = await registrationAccess(ctx, invite);
        return refusal(c, access.mode, failure.message);
      }
      return registerPage(c, invite, values, failure);
    }
  });
  return app;
}
