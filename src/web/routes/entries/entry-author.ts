import { type Context, Hono } from "hono";
import { html, raw } from "hono/html";
import {
  deleteEntry,
  type EditableEntry,
  entryForEditing,
  entryHistory,
  updateEntry,
  type VersionView,
} from "../../../domain/entries/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderPage } from "../../layout.ts";
import { entryArticle, tagList } from "../../views/entry-card.ts";
import { entryPaths } from "../../views/entry-paths.ts";
import { entryName, formatDateTime } from "../../views/labels.ts";
import { type Errors, failureOf, type Values } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { applyChosenFix, coachParts, coachVerdict } from "../coach/draft.ts";
import { entryFormValues } from "../media/entry-form.ts";
import { afterSave, entryInput, renderComposer } from "./compose.ts";
import { AT_HANDLE, handleOf } from "./request.ts";

/** The entry as the composer shows it; "Publish at" in UTC (offset 0). */
function editValues(entry: EditableEntry): Values {
  return {
    kind: entry.kind,
    prompt: entry.prompt ?? "",
    title: entry.title,
    linkUrl: entry.linkUrl,
    body: entry.body,
    tags: entry.tags,
    contentWarning: entry.contentWarning,
    language: entry.language,
    audience: entry.audience,
    scheduledAt: entry.scheduledAt ? entry.scheduledAt.toISOString().slice(0, 16) : "",
    timezoneOffset: "0",
  };
}

/** The signed-in author's own entry at this URL (404 for anyone else), or a sign-in redirect. */
async function ownEntry(
  c: Context<AppEnv>,
): Promise<{ user: CurrentUser; entry: EditableEntry } | Response> {
  const user = signedInOrRedirect(c);
  if (user instanceof Response) return user;
  const entry = await entryForEditing(c.get("ctx"), user, handleOf(c), c.req.param("id") ?? "");
  return { user, entry };
}

function versionItem(version: VersionView): ReturnType<typeof html> {
  return html`<li><article class="entry version" aria-labelledby="version-${version.version}">
  <h2 id="version-${version.version}" class="entry-meta">Version ${version.version} · replaced ${formatDateTime(version.replacedAt)}</h2>
  ${version.title ? html`<h3 class="entry-title">${version.title}</h3>` : ""}
  ${version.contentWarning ? html`<p><strong>Content warning:</strong> ${version.contentWarning}</p>` : ""}
  <div class="entry-body">${raw(version.bodyHtml)}</div>
  ${tagList({ tags: version.tags.map((display) => ({ tag: display.toLowerCase(), display })) })}
</article></li>`;
}

/** Edit, history and delete: the author's pages for one entry. */
export function entryAuthorRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const base = `${AT_HANDLE}/:id`;

  app.get(`${base}/edit`, async (c) => {
    const found = await ownEntry(c);
    if (found instanceof Response) return found;
    const { entry } = found;
    return renderComposer(
      c,
      { title: "Edit entry" },
      {
        action: entryPaths.edit(found.user.handle, entry.id),
        values: editValues(entry),
        editing: entry.status,
        entryId: entry.id,
      },
    );
  });

  app.post(`${base}/edit`, async (c) => {
    const found = await ownEntry(c);
    if (found instanceof Response) return found;
    const { user, entry } = found;
    const values = await entryFormValues(c);
    const fixed = await applyChosenFix(c, values);
    if (fixed) {
      return renderComposer(
        c,
        { title: "Edit entry" },
        {
          action: entryPaths.edit(user.handle, entry.id),
          values: fixed.values,
          editing: entry.status,
          entryId: entry.id,
          ...coachParts(fixed.values, { findings: fixed.findings, blocked: false }),
          notice: `Applied: ${fixed.label}.`,
        },
      );
    }
    // The coach checks what is about to reach others; a stop-and-confirm finding waits for a tick.
    const verdict = await coachVerdict(c, values, entry.status === "published");
    const form = {
      action: entryPaths.edit(user.handle, entry.id),
      values,
      editing: entry.status,
      entryId: entry.id,
      ...coachParts(values, verdict),
    };
    if (verdict.blocked) {
      const message = "Read the coach's notes before publishing.";
      return renderComposer(c, { title: "Edit entry", status: 422 }, { ...form, message });
    }
    try {
      const input = { ...entryInput(values), id: entry.id, action: values.action };
      return afterSave(c, await updateEntry(c.get("ctx"), user, input));
    } catch (error) {
      const failure = failureOf(error);
      return renderComposer(
        c,
        { title: "Edit entry", status: failure.status },
        { ...form, errors: failure.fields as Errors, message: failure.message },
      );
    }
  });

  app.get(`${base}/history`, async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const { entry, versions } = await entryHistory(
      c.get("ctx"),
      user,
      handleOf(c),
      c.req.param("id"),
    );
    return renderPage(c, {
      title: `History of ${entryName(entry)}`,
      head: html`<meta name="robots" content="noindex">`,
      body: html`<h1>History</h1>
<p class="muted">Earlier versions are kept each time you change the text, title, tags or content warning. Only you can see them.</p>
<h2>Current version</h2>
${entryArticle(entry, { viewerId: user.actorId })}
<h2>Earlier versions</h2>
${
  versions.length === 0
    ? html`<p class="empty">This entry has not been edited yet.</p>`
    : html`<ol class="history-list">${versions.map(versionItem)}</ol>`
}
<p><a href="${entryPaths.entry(entry.author.handle, entry.id)}">Back to the entry</a></p>`,
    });
  });

  app.get(`${base}/delete`, async (c) => {
    const found = await ownEntry(c);
    if (found instanceof Response) return found;
    const { user, entry } = found;
    const start = entry.body.length > 80 ? `${entry.body.slice(0, 79)}…` : entry.body;
    const name = entry.title || start || "this entry";
    return renderPage(c, {
      title: "Delete this entry?",
      body: html`<section class="message">
<h1>Delete this entry?</h1>
<p>“${name}” and its earlier versions will be removed from your profile, your journal, tag pages and feeds. This cannot be undone.</p>
<form method="post" action="${entryPaths.delete(user.handle, entry.id)}" class="actions confirm-actions">
  ${csrfField(c)}
  <button type="submit" class="danger">Delete</button>
  <a href="${entryPaths.entry(user.handle, entry.id)}">Keep it</a>
</form>
</section>`,
    });
  });

  app.post(`${base}/delete`, async (c) => {
    const found = await ownEntry(c);
    if (found instanceof Response) return found;
    await deleteEntry(c.get("ctx"), found.user, { id: found.entry.id });
    return c.redirect("/journal", 303);
  });

  return app;
}
