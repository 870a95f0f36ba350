import { html, raw } from "hono/html";
import type { EntryView } from "../../domain/entries/index.ts";
import type { Html } from "../layout.ts";
import { avatar } from "./avatar.ts";
import { entryPaths } from "./entry-paths.ts";
import { AUDIENCE_BADGES, formatDate, formatDateTime, PROMPTS, STATUS_LABELS } from "./labels.ts";
import { entryMedia } from "./media.ts";

export interface CardOptions {
  /** The signed-in member's actor id: their own entries show audience and status. */
  viewerId: string | null;
  /** Show who wrote it (tag pages, the home page); profiles already say. */
  showAuthor?: boolean;
  /** The entry page: an h1 title and no link on it. */
  standalone?: boolean;
}

function byline(entry: EntryView): Html {
  return html`<a class="p-author h-card author" href="${entryPaths.profile(entry.author.handle)}">${avatar(entry.author, true)}<span class="p-name">${entry.author.displayName}</span></a>`;
}

/** When it went out, or (for its author) when it will, or that it has not. */
function when(entry: EntryView, permalink: string, standalone: boolean): Html {
  let label: Html;
  if (entry.status === "scheduled" && entry.scheduledAt) {
    label = html`<span class="status-badge">Scheduled for <time datetime="${entry.scheduledAt.toISOString()}">${formatDateTime(entry.scheduledAt)}</time></span>`;
  } else if (entry.status === "draft" || !entry.publishedAt) {
    const status = entry.status === "processing" ? "processing" : "draft";
    label = html`<span class="status-badge">${STATUS_LABELS[status]}</span>`;
  } else {
    label = html`<time class="dt-published" datetime="${entry.publishedAt.toISOString()}">${formatDate(entry.publishedAt)}</time>`;
  }
  if (standalone) return label;
  const published = entry.status === "published";
  return html`<a${published ? html` class="u-url"` : ""} href="${permalink}">${label}</a>`;
}

function meta(entry: EntryView, options: CardOptions, permalink: string): Html {
  const own = options.viewerId === entry.author.id;
  return html`<div class="entry-meta">
    ${options.showAuthor ? byline(entry) : ""}
    ${entry.prompt ? html`<span class="prompt-badge">${PROMPTS[entry.prompt].label}</span>` : ""}
    ${when(entry, permalink, options.standalone ?? false)}
    ${own ? html`<span class="audience-badge" title="Who can see this">${AUDIENCE_BADGES[entry.audience]}</span>` : ""}
    ${own && !options.standalone ? html`<a href="${entryPaths.edit(entry.author.handle, entry.id)}">Edit</a>` : ""}
  </div>`;
}

function title(entry: EntryView, options: CardOptions, permalink: string): Html {
  if (!entry.title) return html``;
  if (options.standalone) return html`<h1 class="entry-title p-name">${entry.title}</h1>`;
  return html`<h2 class="entry-title p-name"><a href="${permalink}">${entry.title}</a></h2>`;
}

function linkCard(entry: EntryView): Html {
  if (!entry.linkUrl) return html``;
  let host = entry.linkUrl;
  try {
    host = new URL(entry.linkUrl).hostname;
  } catch {}
  return html`<a class="link-card u-bookmark-of" href="${entry.linkUrl}" rel="nofollow noopener ugc"><strong>${host}</strong><br><span class="small">${entry.linkUrl}</span></a>`;
}

/** Body and link, behind a content warning when there is one (portfolios show it too). */
export function content(
  entry: EntryView,
  media: Html = entryMedia(entry, {
    standalone: false,
    own: false,
    permalink: entryPaths.entry(entry.author.handle, entry.id),
  }),
): Html {
  const body = html`${media}<div class="entry-body e-content">${raw(entry.bodyHtml)}</div>${linkCard(entry)}`;
  if (!entry.contentWarning) return body;
  return html`<details class="content-warning"><summary><span class="p-summary">${entry.contentWarning}</span></summary>${body}</details>`;
}

export function tagList(entry: Pick<EntryView, "tags">): Html {
  if (entry.tags.length === 0) return html``;
  return html`<ul class="tags" aria-label="Tags">${entry.tags.map(
    (tag) =>
      html`<li><a class="p-category" href="${entryPaths.tag(tag.tag)}" rel="tag">#${tag.display}</a></li>`,
  )}</ul>`;
}

/** One entry as an h-entry: in lists (an <li>) and on its own page. */
export function entryArticle(entry: EntryView, options: CardOptions): Html {
  const permalink = entryPaths.entry(entry.author.handle, entry.id);
  return html`<article class="h-entry entry" lang="${entry.language}">
  ${meta(entry, options, permalink)}
  ${title(entry, options, permalink)}
  ${content(
    entry,
    entryMedia(entry, {
      standalone: options.standalone ?? false,
      own: options.viewerId === entry.author.id,
      permalink,
    }),
  )}
  ${tagList(entry)}
  ${options.standalone ? html`<a class="u-url u-uid" hidden href="${permalink}"></a>` : ""}
  ${!options.showAuthor ? html`<a class="p-author h-card" hidden href="${entryPaths.profile(entry.author.handle)}">${entry.author.displayName}</a>` : ""}
</article>`;
}

/** A list of entries (an h-feed's children), or a friendly line when there are none. */
export function entryList(
  entries: readonly EntryView[],
  options: CardOptions,
  empty: string,
): Html {
  if (entries.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="entry-list">${entries.map((entry) => html`<li>${entryArticle(entry, options)}</li>`)}</ul>`;
}
