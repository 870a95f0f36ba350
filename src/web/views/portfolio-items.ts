import { html, raw } from "hono/html";
import type { ItemView, PortfolioView, SectionView } from "../../domain/portfolios/index.ts";
import type { Html } from "../layout.ts";
import { content, tagList } from "./entry-card.ts";
import { AUDIENCE_BADGES, entryName, formatDate, PROMPTS } from "./labels.ts";
import { photo } from "./media.ts";

/**
 * Items of a portfolio in its three layouts. Entries are shown whole, here:
 * someone who sees the portfolio may not be allowed on an entry's own page
 * (a share link, an entry less visible than the portfolio), so an item links
 * there only when `entryHref` says the viewer may go.
 */
export interface ItemOptions {
  /** Where the entry's own page is for this viewer, or null to link nowhere. */
  entryHref: (item: ItemView) => string | null;
  /** The owner sees each entry's own audience. */
  showAudience: boolean;
  /** Tags as links to tag pages (the site), or as plain words (exports that leave it). */
  plainTags?: boolean;
  /** Where the entries' media are served for this page (see `rerootMedia`), ending in "/". */
  mediaBase?: string;
}

/** Tags as words, for pages that leave the site (exports). */
export function plainTags(item: ItemView): Html {
  if (item.entry.tags.length === 0) return html``;
  return html`<p class="tags-plain">${item.entry.tags.map((tag) => `#${tag.display}`).join(" ")}</p>`;
}

function tagsOf(item: ItemView, options: ItemOptions): Html {
  return options.plainTags ? plainTags(item) : tagList(item.entry);
}

/** Every item of the portfolio, section by section, in order. */
export function allItems(portfolio: PortfolioView): ItemView[] {
  return portfolio.sections.flatMap((section) => section.items);
}

function titleOf(item: ItemView, level: "h2" | "h3", href: string | null): Html {
  const name = entryName(item.entry);
  const inner = href ? html`<a class="u-url" href="${href}">${name}</a>` : html`${name}`;
  return level === "h2"
    ? html`<h2 class="p-name portfolio-item-title">${inner}</h2>`
    : html`<h3 class="p-name portfolio-item-title">${inner}</h3>`;
}

function metaOf(item: ItemView, options: ItemOptions): Html {
  const { entry } = item;
  return html`<p class="entry-meta">
    ${entry.prompt ? html`<span class="prompt-badge">${PROMPTS[entry.prompt].label}</span>` : ""}
    ${entry.publishedAt ? html`<time class="dt-published" datetime="${entry.publishedAt.toISOString()}">${formatDate(entry.publishedAt)}</time>` : ""}
    ${options.showAudience ? html`<span class="audience-badge" title="The entry's own audience">${AUDIENCE_BADGES[entry.audience]}</span>` : ""}
  </p>`;
}

export function captionOf(item: ItemView): Html {
  if (!item.captionHtml) return html``;
  return html`<aside class="portfolio-caption" aria-label="Why this matters"><p class="portfolio-caption-label">Why this matters</p>${raw(item.captionHtml)}</aside>`;
}

/**
 * Media links of rendered entries, moved under `base`: through a portfolio an
 * entry may be shown to people its own media URLs refuse (`/media/<id>/…`
 * follows the entry's audience), so portfolio pages serve them under the
 * portfolio's address (or share link, or the zip's folder).
 */
export function rerootMedia(markup: string, base: string): string {
  return markup.replace(/(["\s,])\/media\/([0-9a-f-]{36})\//g, `$1${base}media/$2/`);
}

/** The entry's body (sanitized when saved) and media, behind its content warning if any. */
export function bodyOf(item: ItemView, mediaBase?: string): Html {
  const body = content(item.entry);
  return mediaBase === undefined ? body : rerooted(body, mediaBase);
}

/** `markup` with its media URLs under `base`; synchronous when the markup is. */
function rerooted(markup: Html, base: string): Html {
  if (markup instanceof Promise) return markup.then((m) => raw(rerootMedia(String(m), base)));
  return raw(rerootMedia(String(markup), base));
}

function storyItem(item: ItemView, options: ItemOptions): Html {
  return html`<article class="portfolio-item h-entry" id="item-${item.id}" lang="${item.entry.language}">
  ${metaOf(item, options)}
  ${titleOf(item, "h3", options.entryHref(item))}
  ${captionOf(item)}
  ${bodyOf(item, options.mediaBase)}
  ${tagsOf(item, options)}
</article>`;
}

/** The first ready photo of a grid card, as its picture. */
function cardPhoto(item: ItemView, options: ItemOptions): Html {
  const first = item.entry.media.find((m) => m.kind === "image" && m.state === "ready");
  if (!first) return html``;
  const markup = photo(first, "(min-width: 60rem) 20rem, 100vw");
  return options.mediaBase === undefined ? markup : rerooted(markup, options.mediaBase);
}

function gridItem(item: ItemView, options: ItemOptions): Html {
  const { entry } = item;
  return html`<li class="portfolio-card"><article class="h-entry" id="item-${item.id}" lang="${entry.language}">
  <div class="portfolio-card-photo">${cardPhoto(item, options)}</div>
  ${titleOf(item, "h3", options.entryHref(item))}
  ${metaOf(item, options)}
  ${captionOf(item)}
  ${entry.contentWarning ? "" : html`<p class="portfolio-card-excerpt p-summary">${entry.excerpt}</p>`}
  <details class="portfolio-card-more"><summary>Read the entry</summary>${bodyOf(item, options.mediaBase)}</details>
</article></li>`;
}

function timelineItem(item: ItemView, section: string, options: ItemOptions): Html {
  return html`<li class="portfolio-timeline-item">
  <article class="portfolio-item h-entry" id="item-${item.id}" lang="${item.entry.language}">
    ${section ? html`<p class="portfolio-timeline-section">${section}</p>` : ""}
    ${metaOf(item, options)}
    ${titleOf(item, "h3", options.entryHref(item))}
    ${captionOf(item)}
    ${bodyOf(item, options.mediaBase)}
  </article>
</li>`;
}

function sectionHeading(section: SectionView): Html {
  return section.title ? html`<h2 id="section-${section.id}">${section.title}</h2>` : html``;
}

function sectionBlock(section: SectionView, inner: Html): Html {
  return html`<section class="portfolio-section"${section.title ? html` aria-labelledby="section-${section.id}"` : ""}>
  ${sectionHeading(section)}
  ${inner}
</section>`;
}

/** Every section with items, in the portfolio's layout; "" when nothing is visible. */
export function portfolioBody(portfolio: PortfolioView, options: ItemOptions): Html {
  const sections = portfolio.sections.filter((section) => section.items.length > 0);
  if (sections.length === 0) {
    return html`<p class="empty">${portfolio.isOwner ? "Nothing in this portfolio yet: add entries from the editor." : "Nothing to show here yet."}</p>`;
  }
  if (portfolio.layout === "timeline") {
    const dated = sections
      .flatMap((section) => section.items.map((item) => ({ item, section: section.title })))
      .sort(
        (a, b) =>
          (a.item.entry.publishedAt?.getTime() ?? 0) - (b.item.entry.publishedAt?.getTime() ?? 0),
      );
    return html`<ol class="portfolio-timeline">${dated.map(({ item, section }) => timelineItem(item, section, options))}</ol>`;
  }
  if (portfolio.layout === "grid") {
    return html`${sections.map((section) =>
      sectionBlock(
        section,
        html`<ul class="portfolio-grid">${section.items.map((item) => gridItem(item, options))}</ul>`,
      ),
    )}`;
  }
  return html`${sections.map((section) =>
    sectionBlock(section, html`${section.items.map((item) => storyItem(item, options))}`),
  )}`;
}
