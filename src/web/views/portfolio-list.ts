import { html } from "hono/html";
import type { OwnPortfolioSummary, PortfolioSummary } from "../../domain/portfolios/index.ts";
import type { Html } from "../layout.ts";
import { AUDIENCE_BADGES, formatDate } from "./labels.ts";
import { portfolioPaths } from "./portfolio-paths.ts";

/** Portfolios as cards: on the profile, `/@handle/portfolios` and `/portfolios`. */

function count(n: number): string {
  return n === 1 ? "1 entry" : `${n} entries`;
}

function card(portfolio: PortfolioSummary, own: OwnPortfolioSummary | null): Html {
  const href = portfolioPaths.page(portfolio.ownerHandle, portfolio.slug);
  const cover = portfolio.cover
    ? html`<img class="portfolio-card-cover" src="${portfolioPaths.cover(portfolio.ownerHandle, portfolio.slug)}" alt="" loading="lazy"${portfolio.cover.width ? html` width="${portfolio.cover.width}" height="${portfolio.cover.height}"` : ""}>`
    : "";
  return html`<li class="portfolio-summary">
  ${cover}
  <h3><a href="${href}">${portfolio.title}</a></h3>
  ${portfolio.summary ? html`<p>${portfolio.summary}</p>` : ""}
  <p class="muted small">${count(portfolio.itemCount)} · updated ${formatDate(portfolio.updatedAt)}${
    own
      ? html` · <span class="audience-badge">${AUDIENCE_BADGES[portfolio.audience]}</span>${own.activeShareLinks > 0 ? html` · ${own.activeShareLinks === 1 ? "1 share link" : `${own.activeShareLinks} share links`}` : ""}`
      : ""
  }</p>
  ${own ? html`<p><a class="button button-small" href="${portfolioPaths.edit(portfolio.ownerHandle, portfolio.slug)}">Edit</a></p>` : ""}
</li>`;
}

export function portfolioCards(portfolios: readonly PortfolioSummary[]): Html {
  return html`<ul class="portfolio-summaries">${portfolios.map((p) => card(p, null))}</ul>`;
}

export function ownPortfolioCards(portfolios: readonly OwnPortfolioSummary[]): Html {
  return html`<ul class="portfolio-summaries">${portfolios.map((p) => card(p, p))}</ul>`;
}
