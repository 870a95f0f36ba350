import { html } from "hono/html";
import type { Html } from "../layout.ts";
import type { FeedFormat } from "./entry-paths.ts";

export interface SocialMeta {
  title: string;
  /** Plain text, at most 200 characters. */
  description: string;
  /** Absolute. */
  url: string;
  type: "article" | "profile" | "website";
  /** Absolute. */
  image?: string | null;
  /** The image's alt text. */
  imageAlt?: string;
  publishedAt?: Date | null;
  /** Unlisted and restricted pages ask search engines to stay away. */
  noindex?: boolean;
}

/** OpenGraph and Twitter card tags, plus the canonical link, for <head>. */
export function socialMeta(m: SocialMeta): Html {
  return html`<link rel="canonical" href="${m.url}">
<meta property="og:site_name" content="Outloud">
<meta property="og:type" content="${m.type}">
<meta property="og:title" content="${m.title}">
<meta property="og:description" content="${m.description}">
<meta property="og:url" content="${m.url}">
${m.image ? html`<meta property="og:image" content="${m.image}">` : ""}
${m.image && m.imageAlt ? html`<meta property="og:image:alt" content="${m.imageAlt}">` : ""}
${m.publishedAt ? html`<meta property="article:published_time" content="${m.publishedAt.toISOString()}">` : ""}
<meta name="twitter:card" content="${m.image && m.type === "article" ? "summary_large_image" : "summary"}">
<meta name="twitter:title" content="${m.title}">
<meta name="twitter:description" content="${m.description}">
${m.noindex ? html`<meta name="robots" content="noindex">` : ""}`;
}

const FEED_TYPES: Record<FeedFormat, { type: string; name: string }> = {
  atom: { type: "application/atom+xml", name: "Atom" },
  rss: { type: "application/rss+xml", name: "RSS" },
  json: { type: "application/feed+json", name: "JSON Feed" },
};
const FORMATS = Object.keys(FEED_TYPES) as FeedFormat[];

/** <link rel="alternate"> for a page's three feeds. */
export function feedLinks(title: string, href: (format: FeedFormat) => string): Html {
  return html`${FORMATS.map(
    (format) =>
      html`<link rel="alternate" type="${FEED_TYPES[format].type}" title="${title} (${FEED_TYPES[format].name})" href="${href(format)}">`,
  )}`;
}

/** The same feeds as visible links, for people who subscribe by hand. */
export function feedList(href: (format: FeedFormat) => string): Html {
  return html`<p class="feeds no-print">Follow in a feed reader: ${FORMATS.map(
    (format, i) =>
      html`${i > 0 ? " · " : ""}<a href="${href(format)}">${FEED_TYPES[format].name}</a>`,
  )}</p>`;
}
