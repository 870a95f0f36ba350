import { Hono } from "hono";
import type { ItemView } from "../../../domain/portfolios/index.ts";
import { portfolioForViewer } from "../../../domain/portfolios/index.ts";
import { ANONYMOUS } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { ATOM_TYPE, atomFeed } from "../../feeds/atom.ts";
import { JSON_FEED_TYPE, jsonFeed } from "../../feeds/json-feed.ts";
import {
  absolutizeHtml,
  type FeedDocument,
  type FeedItem,
  feedItems,
  lastUpdated,
} from "../../feeds/model.ts";
import { RSS_TYPE, rssFeed } from "../../feeds/rss.ts";
import { paths } from "../../urls.ts";
import type { FeedFormat } from "../../views/entry-paths.ts";
import { allItems } from "../../views/portfolio-items.ts";
import { portfolioPaths } from "../../views/portfolio-paths.ts";
import { handleOf, originOf } from "../entries/request.ts";
import { PORTFOLIO, slugOf } from "./request.ts";

const WRITERS: Record<FeedFormat, [type: string, write: (feed: FeedDocument) => string]> = {
  atom: [ATOM_TYPE, atomFeed],
  rss: [RSS_TYPE, rssFeed],
  json: [JSON_FEED_TYPE, jsonFeed],
};

/**
 * Feed items for a portfolio's entries: the caption first, then the entry.
 * An entry whose own page the reader may not open links to its place in the
 * portfolio instead (`pageUrl#item-…`).
 */
export function portfolioFeedItems(
  items: readonly ItemView[],
  pageUrl: string,
  origin: string,
): FeedItem[] {
  const feed = feedItems(
    items.map((item) => item.entry),
    origin,
  );
  return feed.map((entry, i) => {
    const item = items[i] as ItemView;
    const caption = item.captionHtml ? absolutizeHtml(item.captionHtml, origin) : "";
    return {
      ...entry,
      url: item.ownLink ? entry.url : `${pageUrl}#item-${item.id}`,
      contentHtml: caption + entry.contentHtml,
    };
  });
}

/**
 * Atom, RSS 2.0 and JSON Feed of a public portfolio. Feeds are read by
 * anyone, so they ask as the anonymous visitor listing: public portfolios only.
 */
export function portfolioFeedRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [format, [type, write]] of Object.entries(WRITERS)) {
    app.get(`${PORTFOLIO}/feed.${format}`, async (c) => {
      const ctx = c.get("ctx");
      const origin = originOf(c);
      const portfolio = await portfolioForViewer(ctx, ANONYMOUS, handleOf(c), slugOf(c), "listing");
      const { handle } = portfolio.owner;
      const pageUrl = origin + portfolioPaths.page(handle, portfolio.slug);
      const items = portfolioFeedItems(allItems(portfolio), pageUrl, origin);
      const document: FeedDocument = {
        title: portfolio.title,
        description: portfolio.summary || `A portfolio by ${portfolio.owner.displayName}`,
        homeUrl: pageUrl,
        feedUrls: {
          atom: origin + portfolioPaths.feed(handle, portfolio.slug, "atom"),
          rss: origin + portfolioPaths.feed(handle, portfolio.slug, "rss"),
          json: origin + portfolioPaths.feed(handle, portfolio.slug, "json"),
        },
        updated: lastUpdated(items, portfolio.updatedAt),
        author: { name: portfolio.owner.displayName, url: origin + paths.profile(handle) },
        items,
      };
      return c.body(write(document), 200, { "Content-Type": type });
    });
  }
  return app;
}
