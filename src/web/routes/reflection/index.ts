import { type Context, Hono } from "hono";
import { html } from "hono/html";
import {
  digestFor,
  dismissNudge,
  insightsFor,
  rhythmSettings,
  startReflection,
  updateRhythm,
} from "../../../domain/reflection/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { entryPaths } from "../../views/entry-paths.ts";
import { digestPage } from "../../views/reflection-digest.ts";
import { insightsPage } from "../../views/reflection-insights.ts";
import { reflectionPaths } from "../../views/reflection-paths.ts";
import { type RhythmFormState, rhythmForm } from "../../views/reflection-settings.ts";
import { type Failure, failureOf, formValues } from "../accounts/forms.ts";
import { safeNext, signedInOrRedirect } from "../accounts/request.ts";

const PRIVATE = html`<meta name="robots" content="noindex">`;

async function settingsPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  submitted?: Record<string, string>,
  failure?: Failure,
) {
  const saved = await rhythmSettings(c.get("ctx"), user);
  const state: RhythmFormState = {
    values: submitted ?? {
      cadence: saved.cadence,
      weekday: String(saved.weekday),
      localTime: saved.localTime,
      timeZone: saved.timeZone,
    },
    errors: failure?.fields,
    message: failure?.message,
    saved: c.req.query("saved") === "1",
    nextAt: saved.nextAt,
  };
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title: "Reflection rhythm",
    status: failure?.status ?? 200,
    head: PRIVATE,
    body: rhythmForm(c, state),
  });
}

/** The member's reflection pages: rhythm settings, nudges, digest, insights. All private. */
export function reflectionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(reflectionPaths.settings, (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : settingsPage(c, user);
  });

  app.post(reflectionPaths.settings, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    try {
      await updateRhythm(c.get("ctx"), user, values);
      return c.redirect(`${reflectionPaths.settings}?saved=1`, 303);
    } catch (error) {
      return settingsPage(c, user, values, failureOf(error));
    }
  });

  app.post("/reflect/nudges/:id/dismiss", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    await dismissNudge(c.get("ctx"), user, c.req.param("id"));
    return c.redirect(safeNext(values.next) ?? "/", 303);
  });

  app.get(reflectionPaths.digestBase, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const digest = await digestFor(c.get("ctx"), user, {
      period: c.req.query("period"),
      of: c.req.query("of"),
    });
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Your digest",
      head: PRIVATE,
      body: digestPage(c, digest, user.handle),
    });
  });

  app.post(reflectionPaths.writeReflection, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    const draft = await startReflection(c.get("ctx"), user, values);
    return c.redirect(entryPaths.edit(draft.handle, draft.id), 303);
  });

  app.get(reflectionPaths.insights, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const insights = await insightsFor(c.get("ctx"), user);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Your insights",
      head: PRIVATE,
      wide: true,
      body: insightsPage(insights),
    });
  });

  return app;
}
