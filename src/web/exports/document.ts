import { html, raw } from "hono/html";
import type { ItemView, PortfolioView } from "../../domain/portfolios/index.ts";
import type { Html } from "../layout.ts";
import { formatDate } from "../views/labels.ts";
import {
  bodyOf,
  captionOf,
  type ItemOptions,
  plainTags,
  portfolioBody,
} from "../views/portfolio-items.ts";
import { coverImage } from "../views/portfolio-page.ts";

/**
 * A portfolio as one standalone HTML document, for the print page and the
 * static zip: cover, title, intro, sections, captions and entries in full —
 * no site navigation, no forms, no scripts.
 */

export interface DocumentOptions {
  /** The stylesheet's address relative to this document. */
  stylesheet: string;
  coverSrc: string | null;
  /** Where each entry title links (the zip's entry pages), or nowhere. */
  entryHref: ItemOptions["entryHref"];
  /** Where the entries' media files are (see `rerootMedia`). */
  mediaBase: string;
  /** Extra tags for <head> (the zip's feed links). */
  head?: Html;
  /** Extra lines for the footer (the zip's feed links). */
  footer?: Html;
  exportedAt: Date;
}

/** Grid cards fold entries away; on paper and on disk every entry is shown whole. */
function forExport(portfolio: PortfolioView): PortfolioView {
  return {
    ...portfolio,
    isOwner: false,
    layout: portfolio.layout === "grid" ? "story" : portfolio.layout,
  };
}

function shell(title: string, stylesheet: string, head: Html, body: Html, lang = "en"): Html {
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="generator" content="Outloud">
<meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="${stylesheet}">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

export function exportDocument(portfolio: PortfolioView, options: DocumentOptions): Html {
  const shown = forExport(portfolio);
  const body = html`<main class="portfolio portfolio-export portfolio-${shown.layout} h-feed">
<header class="portfolio-header">
  ${coverImage(portfolio.cover, options.coverSrc)}
  <h1 class="p-name">${portfolio.title}</h1>
  <p class="portfolio-byline">A portfolio by <span class="p-author">${portfolio.owner.displayName}</span> · ${formatDate(portfolio.updatedAt)}</p>
  ${portfolio.introHtml ? html`<div class="portfolio-intro p-summary">${raw(portfolio.introHtml)}</div>` : ""}
</header>
${portfolioBody(shown, {
  entryHref: options.entryHref,
  showAudience: false,
  plainTags: true,
  mediaBase: options.mediaBase,
})}
<footer class="portfolio-footer">
  <p class="small">Exported from Outloud on ${formatDate(options.exportedAt)}.</p>
  ${options.footer ?? ""}
</footer>
</main>`;
  return shell(portfolio.title, options.stylesheet, options.head ?? html``, body);
}

/** One entry of the zip on its own page, linking back to the portfolio. */
export function exportEntryDocument(
  portfolio: PortfolioView,
  item: ItemView,
  options: { stylesheet: string; home: string; title: string; mediaBase: string },
): Html {
  const body = html`<main class="portfolio portfolio-export">
<p class="small"><a href="${options.home}">← ${portfolio.title}</a></p>
<article class="portfolio-item h-entry" lang="${item.entry.language}">
  ${item.entry.publishedAt ? html`<p class="entry-meta"><time class="dt-published" datetime="${item.entry.publishedAt.toISOString()}">${formatDate(item.entry.publishedAt)}</time></p>` : ""}
  <h1 class="p-name">${options.title}</h1>
  ${captionOf(item)}
  ${bodyOf(item, options.mediaBase)}
  ${plainTags(item)}
</article>
</main>`;
  return shell(options.title, options.stylesheet, html``, body, item.entry.language);
}

/** Renders a template to its final string. */
export async function toHtmlString(document: Html): Promise<string> {
  return String(await document);
}
