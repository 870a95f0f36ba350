import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import { endSession } from "../../../domain/accounts/sessions.ts";
import { signIn } from "../../../domain/accounts/sign-in.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { clearSessionCookie, setSessionCookie } from "../../middleware/session.ts";
import {
  type Failure,
  failureOf,
  formProblem,
  formValues,
  inputField,
  type Values,
} from "./forms.ts";
import { clientIp, safeNext } from "./request.ts";

const HOME_AFTER_SIGN_IN = "/journal";

function signInPage(
  c: Context<AppEnv>,
  next: string | null,
  values: Values = {},
  failure?: Failure,
) {
  const errors = failure?.fields ?? {};
  return renderPage(c, {
    title: "Sign in",
    status: failure?.status ?? 200,
    body: html`<h1>Sign in</h1>
${formProblem(failure?.message)}
<form method="post" action="/sign-in" class="stack">
  ${csrfField(c)}
  ${next ? html`<input type="hidden" name="next" value="${next}">` : ""}
  ${inputField({
    name: "handle",
    label: "Handle",
    value: values.handle,
    error: errors.login,
    hint: "Your handle or your email address.",
    autocomplete: "username",
    required: true,
  })}
  ${inputField({
    name: "password",
    label: "Password",
    type: "password",
    error: errors.password,
    autocomplete: "current-password",
    required: true,
  })}
  <div class="actions"><button type="submit">Sign in</button></div>
</form>
<p class="muted">No account yet? <a href="/register">Register</a>, if this instance takes new members.</p>`,
  });
}

export function signInRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/sign-in", (c) => {
    const next = safeNext(c.req.query("next"));
    if (c.get("user")) return c.redirect(next ?? HOME_AFTER_SIGN_IN, 303);
    return signInPage(c, next);
  });
  app.post("/sign-in", async (c) => {
    const values = await formValues(c);
    const next = safeNext(values.next ?? c.req.query("next"));
    try {
      const { token } = await signIn(
        c.get("ctx"),
        { login: values.handle ?? "", password: values.password ?? "" },
        clientIp(c),
      );
      setSessionCookie(c, token);
      return c.redirect(next ?? HOME_AFTER_SIGN_IN, 303);
    } catch (error) {
      return signInPage(c, next, values, failureOf(error));
    }
  });
  app.post("/sign-out", async (c) => {
    const token = c.get("sessionToken");
    if (token) await endSession(c.get("ctx"), token);
    clearSessionCookie(c);
    return c.redirect("/", 303);
  });
  return app;
}
