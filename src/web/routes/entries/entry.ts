import { Hono } from "hono";
import { html } from "hono/html";
import { type EntryView, entryForViewer } from "../../../domain/entries/index.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { entryArticle } from "../../views/entry-card.ts";
import { entryPaths } from "../../views/entry-paths.ts";
import { entryName, formatDateTime } from "../../views/labels.ts";
import { previewImage } from "../../views/media.ts";
import { socialMeta } from "../../views/meta.ts";
import { entryThreadParts } from "../interactions/thread-page.ts";
import { AT_HANDLE, handleOf, originOf, viewerOf } from "./request.ts";

/** What the author sees above their own draft or scheduled entry. */
function statusNotice(entry: EntryView): Html {
  if (entry.status === "draft") {
    return html`<p class="notice notice-warning">This is a draft: only you can see it.</p>`;
  }
  if (entry.status === "processing") {
    return html`<p class="notice notice-warning" role="status">Your files are being processed: this entry is published as soon as they are ready. Until then only you can see it.</p>`;
  }
  if (entry.status === "scheduled" && entry.scheduledAt) {
    return html`<p class="notice notice-warning">Scheduled: it goes out on ${formatDateTime(entry.scheduledAt)}. Until then only you can see it.</p>`;
  }
  return html``;
}

function authorActions(entry: EntryView): Html {
  const { handle } = entry.author;
  return html`<ul class="entry-actions actions no-print" aria-label="Your entry">
  <li><a class="button button-small" href="${entryPaths.edit(handle, entry.id)}">Edit</a></li>
  <li><a class="button button-small button-secondary" href="${entryPaths.history(handle, entry.id)}">History</a></li>
  <li><a class="button button-small button-secondary" href="${entryPaths.delete(handle, entry.id)}">Delete</a></li>
</ul>`;
}

/** The entry page: `/@handle/<id>`, a 404 that reveals nothing when the viewer may not see it. */
export function entryPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(`${AT_HANDLE}/:id`, async (c) => {
    const viewer = viewerOf(c);
    const entry = await entryForViewer(c.get("ctx"), viewer, handleOf(c), c.req.param("id"));
    const own = viewer.actorId === entry.author.id;
    const name = entryName(entry);
    const description = entry.contentWarning
      ? `Content warning: ${entry.contentWarning}`
      : entry.excerpt || name;
    // Link previews show the first photo (or poster), never one behind a content warning.
    const image = entry.contentWarning ? null : previewImage(entry);
    const head = socialMeta({
      title: name,
      description,
      url: originOf(c) + paths.entry(entry.author.handle, entry.id),
      type: "article",
      publishedAt: entry.publishedAt,
      image: image ? originOf(c) + image.path : null,
      imageAlt: image?.alt,
      noindex: entry.audience !== "public" || entry.status !== "published",
    });
    // The conversation: what it answers, its buttons, replies and the reply form.
    const thread = await entryThreadParts(c, entry, paths.entry(entry.author.handle, entry.id));
    return renderPage(c, {
      title: name,
      description,
      head,
      body: html`${own ? statusNotice(entry) : ""}
${thread.above}
${entryArticle(entry, { viewerId: viewer.actorId, showAuthor: true, standalone: true })}
${thread.actions}
${own ? authorActions(entry) : ""}
${thread.below}
<p class="more-from"><a href="${paths.profile(entry.author.handle)}">More from ${entry.author.displayName}</a></p>`,
    });
  });

  return app;
}
