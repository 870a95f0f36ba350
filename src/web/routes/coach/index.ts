import { type Context, Hono } from "hono";
import { coachDraft, coachSettings, setCoachRules } from "../../../domain/coach/index.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { COACH_PATHS } from "../../views/coach.ts";
import { coachSettingsBody } from "../../views/coach-settings.ts";
import { failureOf } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { draftFromValues } from "./draft.ts";

/** A JSON body of form fields: strings, or lists of strings (repeated fields, joined). */
function fieldsOf(body: unknown): Record<string, string> | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string") fields[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      fields[name] = value.join(",");
    } else return null;
  }
  return fields;
}

const jsonError = (c: Context<AppEnv>, status: 400 | 401 | 422, error: string, fields = {}) =>
  c.json({ error, fields }, status);

async function settingsPage(c: Context<AppEnv>, message?: string, status: 200 | 422 = 200) {
  const user = signedInOrRedirect(c);
  if (user instanceof Response) return user;
  return renderPage(c, {
    title: "Coach settings",
    status,
    body: coachSettingsBody({
      rules: await coachSettings(c.get("ctx"), user),
      csrf: csrfField(c),
      saved: !!c.req.query("saved") && !message,
      message,
    }),
  });
}

/** The coach: the composer's as-you-type check (JSON) and the member's settings. */
export function coachRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post(COACH_PATHS.check, async (c) => {
    const user = c.get("user");
    if (!user) return jsonError(c, 401, "Sign in to use the coach.");
    const body = await c.req.json().catch(() => undefined);
    const fields = fieldsOf(body);
    if (!fields)
      return jsonError(c, 400, "Send the composer's fields as a JSON object of strings.");
    try {
      const findings = await coachDraft(c.get("ctx"), user, draftFromValues(fields));
      return c.json({
        findings,
        needsConfirmation: findings.some((f) => f.severity === "confirm"),
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === "invalid") {
        return jsonError(c, 422, error.message, error.fields);
      }
      throw error;
    }
  });

  app.get(COACH_PATHS.settings, (c) => settingsPage(c));

  app.post(COACH_PATHS.settings, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const body = await c.req.parseBody({ all: true });
    const enabled = [body.enabled ?? []].flat().filter((v): v is string => typeof v === "string");
    try {
      await setCoachRules(c.get("ctx"), user, { enabled });
    } catch (error) {
      return settingsPage(c, failureOf(error).message, 422);
    }
    return c.redirect(`${COACH_PATHS.settings}?saved=1`, 303);
  });

  return app;
}
