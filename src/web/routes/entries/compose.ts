import type { Context } from "hono";
import { Hono } from "hono";
import { html } from "hono/html";
import { createEntry, ENTRY_PROMPTS, type NewEntryInput } from "../../../domain/entries/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type PageOptions, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { type ComposerOptions, composerForm } from "../../views/composer-form.ts";
import { type Errors, failureOf, type Values } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { applyChosenFix, coachParts, coachVerdict, verdictPanel } from "../coach/draft.ts";
import { composerAction, composerMedia } from "../media/composer.ts";
import { entryFormValues } from "../media/entry-form.ts";

/** The composer page (new entry or edit), with the submitted text kept on errors. */
export function renderComposer(
  c: Context<AppEnv>,
  page: { title: string; intro?: string; status?: PageOptions["status"] },
  form: Omit<ComposerOptions, "csrf">,
) {
  return renderPage(c, {
    title: page.title,
    status: page.status ?? 200,
    body: html`<h1>${page.title}</h1>
${page.intro ? html`<p class="muted">${page.intro}</p>` : ""}
${composerForm({
  ...form,
  coach: form.coach ?? verdictPanel(form.values),
  csrf: csrfField(c),
  media: composerMedia(c, form.values, form.errors ?? {}, form.entryId),
  uploadAction: composerAction(c, form.action),
})}`,
  });
}

/** The composer form's fields as the entry operations take them (they validate everything). */
export function entryInput(values: Values): NewEntryInput {
  return values as unknown as NewEntryInput;
}

/** Where an entry goes after saving: its page (the author sees drafts and scheduled ones there). */
export function afterSave(c: Context<AppEnv>, saved: { handle: string; id: string }) {
  return c.redirect(paths.entry(saved.handle, saved.id), 303);
}

export function composeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/compose", (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const asked = c.req.query("prompt") ?? "";
    const prompt = ENTRY_PROMPTS.find((p) => p === asked) ?? "";
    return renderComposer(c, { title: "New entry" }, { action: "/compose", values: { prompt } });
  });

  app.post("/compose", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await entryFormValues(c);
    const fixed = await applyChosenFix(c, values);
    if (fixed) {
      return renderComposer(
        c,
        { title: "New entry" },
        {
          action: "/compose",
          values: fixed.values,
          ...coachParts(fixed.values, { findings: fixed.findings, blocked: false }),
          notice: `Applied: ${fixed.label}.`,
        },
      );
    }
    // The coach first: a stop-and-confirm finding waits for the member's tick.
    const verdict = await coachVerdict(c, values);
    const { coach, coachFixes } = coachParts(values, verdict);
    if (verdict.blocked) {
      return renderComposer(
        c,
        { title: "New entry", status: 422 },
        {
          action: "/compose",
          values,
          coach,
          coachFixes,
          message: "Read the coach's notes before publishing.",
        },
      );
    }
    try {
      return afterSave(c, await createEntry(c.get("ctx"), user, entryInput(values)));
    } catch (error) {
      const failure = failureOf(error);
      return renderComposer(
        c,
        { title: "New entry", status: failure.status },
        {
          action: "/compose",
          values,
          errors: failure.fields as Errors,
          message: failure.message,
          coach,
          coachFixes,
        },
      );
    }
  });

  return app;
}
