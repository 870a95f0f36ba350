import type { FeedDocument } from "./model.ts";
import { xml } from "./xml.ts";

export const RSS_TYPE = "application/rss+xml; charset=utf-8";

/** RSS 2.0, with an atom:link to itself as validators ask. */
export function rssFeed(feed: FeedDocument): string {
  const items = feed.items.map(
    (item) => xml`
    <item>
      <title>${item.title}</title>
      <link>${item.url}</link>
      <guid isPermaLink="true">${item.url}</guid>
      <pubDate>${item.published.toUTCString()}</pubDate>
      <dc:creator>${item.author.name}</dc:creator>${item.tags.map(
        (tag) => xml`
      <category>${tag}</category>`,
      )}
      <description>${item.contentHtml}</description>
    </item>`,
  );
  return xml`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${feed.title}</title>
    <link>${feed.homeUrl}</link>
    <description>${feed.description}</description>${
      feed.language
        ? xml`
    <language>${feed.language}</language>`
        : ""
    }
    <lastBuildDate>${feed.updated.toUTCString()}</lastBuildDate>
    <atom:link href="${feed.feedUrls.rss}" rel="self" type="application/rss+xml"/>
    <generator>Outloud</generator>${items}
  </channel>
</rss>
`.text;
}
