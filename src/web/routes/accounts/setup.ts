import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import { createSession } from "../../../domain/accounts/sessions.ts";
import { hasMembers, setUpInstance } from "../../../domain/accounts/setup.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { setSessionCookie } from "../../middleware/session.ts";
import {
  type Errors,
  type Failure,
  failureOf,
  formProblem,
  formValues,
  type Values,
} from "./forms.ts";
import { memberFields, memberInput } from "./member-form.ts";

/** Paths that work before the first member exists. */
function reachableBeforeSetup(path: string): boolean {
  return path === "/setup" || path.startsWith("/static/") || path.startsWith("/media/");
}

/**
 * Sends every request to /setup until the instance has a member. Once one
 * exists this is remembered in memory: members are never all deleted.
 */
export function requireSetup(): MiddlewareHandler<AppEnv> {
  let setUp = false;
  return async (c, next) => {
    if (!setUp && !reachableBeforeSetup(c.req.path)) {
      setUp = await hasMembers(c.get("ctx"));
      if (!setUp) return c.redirect("/setup", 303);
    }
    await next();
  };
}

function setupPage(c: Context<AppEnv>, values: Values = {}, failure?: Failure) {
  const errors: Errors = failure?.fields ?? {};
  return renderPage(c, {
    title: "Welcome",
    status: failure?.status ?? 200,
    body: html`<section class="setup">
  <h1>Welcome to Outloud</h1>
  <p class="lead">Outloud is your place to show what you are working on and share what you learn. Let’s create the first account: it becomes this instance’s admin, so you can invite others and change settings later.</p>
  ${formProblem(failure?.message)}
  <form method="post" action="/setup" class="stack">
    ${csrfField(c)}
    ${memberFields(values, errors)}
    <div class="actions"><button type="submit">Create account</button></div>
  </form>
</section>`,
  });
}

export function setupRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/setup", async (c) => {
    if (await hasMembers(c.get("ctx"))) return c.notFound();
    return setupPage(c);
  });
  app.post("/setup", async (c) => {
    const ctx = c.get("ctx");
    if (await hasMembers(ctx)) return c.notFound();
    const values = await formValues(c);
    try {
      const admin = await setUpInstance(ctx, memberInput(values));
      setSessionCookie(c, await createSession(ctx, admin.userId));
      return c.redirect("/compose", 303);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status === 404) return c.notFound();
      return setupPage(c, values, failure);
    }
  });
  return app;
}
