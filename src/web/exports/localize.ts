import type { PortfolioView } from "../../domain/portfolios/index.ts";

/**
 * HTML made fit for pages that open from disk: links to this server's own
 * pages (root-relative: tags, profiles) become plain text, and images from
 * elsewhere become links to them, so the pages load nothing from outside.
 * Applied to HTML we sanitized ourselves (attributes always double-quoted).
 */
export function localizeHtml(html: string): string {
  return html
    .replace(/<a\b[^>]*\bhref="\/(?!\/)[^"]*"[^>]*>([\s\S]*?)<\/a>/g, "<span>$1</span>")
    .replace(/<img\b[^>]*>/g, (tag) => {
      const src = /\bsrc="([^"]*)"/.exec(tag)?.[1] ?? "";
      const alt = /\balt="([^"]*)"/.exec(tag)?.[1] ?? "";
      if (!/^https:\/\//.test(src)) return alt ? `<span>${alt}</span>` : "";
      return `<a href="${src}" rel="nofollow noopener">${alt ? `Image: ${alt}` : "Image"}</a>`;
    });
}

/** The portfolio with every piece of member HTML localized. */
export function localizedPortfolio(portfolio: PortfolioView): PortfolioView {
  return {
    ...portfolio,
    introHtml: localizeHtml(portfolio.introHtml),
    sections: portfolio.sections.map((section) => ({
      ...section,
      items: section.items.map((item) => ({
        ...item,
        captionHtml: localizeHtml(item.captionHtml),
        entry: { ...item.entry, bodyHtml: localizeHtml(item.entry.bodyHtml) },
      })),
    })),
  };
}
