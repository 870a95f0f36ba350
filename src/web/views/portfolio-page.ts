import { html, raw } from "hono/html";
import type { PortfolioCover, PortfolioView } from "../../domain/portfolios/index.ts";
import { whoSeesPortfolio } from "../../domain/portfolios/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import type { FeedFormat } from "./entry-paths.ts";
import { AUDIENCE_BADGES, formatDate } from "./labels.ts";
import { feedList } from "./meta.ts";
import { type ItemOptions, portfolioBody } from "./portfolio-items.ts";
import type { ExportKind } from "./portfolio-paths.ts";

/** The portfolio page: cover, title, intro, sections in its layout, exports. */

export interface PortfolioLinks {
  cover: string | null;
  exports: Record<ExportKind, string>;
  /** Public portfolios have feeds. */
  feed: ((format: FeedFormat) => string) | null;
  edit: string | null;
}

export function coverImage(cover: PortfolioCover | null, src: string | null): Html {
  if (!cover || !src) return html``;
  return html`<img class="portfolio-cover" src="${src}" alt="${cover.alt}"${cover.width ? html` width="${cover.width}"` : ""}${cover.height ? html` height="${cover.height}"` : ""}>`;
}

function byline(portfolio: PortfolioView): Html {
  const name = portfolio.owner.displayName;
  // Through a share link the page links nowhere else of the member.
  const who = portfolio.viaShareLink
    ? html`<span class="p-author h-card"><span class="p-name">${name}</span></span>`
    : html`<a class="p-author h-card" href="${paths.profile(portfolio.owner.handle)}"><span class="p-name">${name}</span></a>`;
  return html`<p class="portfolio-byline">A portfolio by ${who} · updated <time datetime="${portfolio.updatedAt.toISOString()}">${formatDate(portfolio.updatedAt)}</time></p>`;
}

function ownerBar(portfolio: PortfolioView, links: PortfolioLinks, activeShareLinks: number): Html {
  if (!portfolio.isOwner || !links.edit) return html``;
  return html`<div class="portfolio-owner-bar no-print">
  <p><span class="audience-badge">${AUDIENCE_BADGES[portfolio.audience]}</span> Seen by ${whoSeesPortfolio(portfolio.audience, activeShareLinks)}.</p>
  <a class="button button-small" href="${links.edit}">Edit portfolio</a>
</div>`;
}

function exportLinks(links: PortfolioLinks): Html {
  return html`<nav class="portfolio-exports no-print" aria-label="Save this portfolio">
  <p>Save or share a copy:
    <a href="${links.exports.print}">Print version</a> ·
    <a href="${links.exports.pdf}">PDF</a> ·
    <a href="${links.exports.zip}">Web pages (zip)</a>
  </p>
</nav>`;
}

export function portfolioPage(
  portfolio: PortfolioView,
  links: PortfolioLinks,
  items: ItemOptions,
  activeShareLinks = 0,
): Html {
  return html`<article class="portfolio portfolio-${portfolio.layout} h-feed">
<header class="portfolio-header">
  ${coverImage(portfolio.cover, links.cover)}
  ${ownerBar(portfolio, links, activeShareLinks)}
  <h1 class="p-name">${portfolio.title}</h1>
  ${byline(portfolio)}
  ${portfolio.introHtml ? html`<div class="portfolio-intro p-summary">${raw(portfolio.introHtml)}</div>` : ""}
</header>
${portfolioBody(portfolio, items)}
<footer class="portfolio-footer">
  ${exportLinks(links)}
  ${links.feed ? feedList(links.feed) : ""}
</footer>
</article>`;
}
