import type { FeedDocument, FeedPerson } from "./model.ts";

export const JSON_FEED_TYPE = "application/feed+json; charset=utf-8";

function author(p: FeedPerson) {
  return { name: p.name, url: p.url, ...(p.avatarUrl ? { avatar: p.avatarUrl } : {}) };
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). */
export function jsonFeed(feed: FeedDocument): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: feed.homeUrl,
    feed_url: feed.feedUrls.json,
    description: feed.description,
    ...(feed.language ? { language: feed.language } : {}),
    ...(feed.author ? { authors: [author(feed.author)] } : {}),
    items: feed.items.map((item) => ({
      id: item.url,
      url: item.url,
      ...(item.externalUrl ? { external_url: item.externalUrl } : {}),
      title: item.title,
      content_html: item.contentHtml,
      summary: item.summary,
      date_published: item.published.toISOString(),
      date_modified: item.updated.toISOString(),
      tags: item.tags,
      authors: [author(item.author)],
      language: item.language,
    })),
  });
}
