import { type Context, Hono } from "hono";
import { feedEntries, profileView } from "../../../domain/entries/index.ts";
import { ANONYMOUS } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { ATOM_TYPE, atomFeed } from "../../feeds/atom.ts";
import { JSON_FEED_TYPE, jsonFeed } from "../../feeds/json-feed.ts";
import { type FeedDocument, feedItems, lastUpdated } from "../../feeds/model.ts";
import { RSS_TYPE, rssFeed } from "../../feeds/rss.ts";
import { paths } from "../../urls.ts";
import { entryPaths, type FeedFormat } from "../../views/entry-paths.ts";
import { AT_HANDLE, handleOf, originOf } from "./request.ts";
import { tagParam } from "./tags.ts";

const WRITERS: Record<FeedFormat, { type: string; write: (feed: FeedDocument) => string }> = {
  atom: { type: ATOM_TYPE, write: atomFeed },
  rss: { type: RSS_TYPE, write: rssFeed },
  json: { type: JSON_FEED_TYPE, write: jsonFeed },
};
const FORMATS = Object.keys(WRITERS) as FeedFormat[];

function respond(c: Context<AppEnv>, format: FeedFormat, feed: FeedDocument) {
  const writer = WRITERS[format];
  return c.body(writer.write(feed), 200, { "Content-Type": writer.type });
}

/** Absolute URLs of one feed in every format. */
function feedUrls(origin: string, href: (format: FeedFormat) => string) {
  return { atom: origin + href("atom"), rss: origin + href("rss"), json: origin + href("json") };
}

/**
 * Atom, RSS 2.0 and JSON Feed for every profile and tag. Anyone can read a
 * feed, so they carry what the anonymous visitor may list: public entries.
 */
export function feedRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  for (const format of FORMATS) {
    app.get(`${AT_HANDLE}/feed.${format}`, async (c) => {
      const ctx = c.get("ctx");
      const origin = originOf(c);
      const profile = await profileView(ctx, ANONYMOUS, handleOf(c));
      const items = feedItems(await feedEntries(ctx, { handle: profile.handle }), origin);
      const author = {
        name: profile.displayName,
        url: origin + paths.profile(profile.handle),
        ...(profile.avatarKey ? { avatarUrl: origin + paths.avatar(profile.avatarKey) } : {}),
      };
      return respond(c, format, {
        title: `${profile.displayName} (@${profile.handle})`,
        description: profile.headline || `Entries by ${profile.displayName} on Outloud`,
        homeUrl: author.url,
        feedUrls: feedUrls(origin, (f) => entryPaths.profileFeed(profile.handle, f)),
        language: profile.locale,
        updated: lastUpdated(items, ctx.now()),
        author,
        items,
      });
    });

    app.get(`/tags/:tag/feed.${format}`, async (c) => {
      const ctx = c.get("ctx");
      const origin = originOf(c);
      const tag = tagParam(c);
      const items = feedItems(await feedEntries(ctx, { tag }), origin);
      return respond(c, format, {
        title: `#${tag} on Outloud`,
        description: `Public entries tagged #${tag}`,
        homeUrl: origin + paths.tag(tag),
        feedUrls: feedUrls(origin, (f) => entryPaths.tagFeed(tag, f)),
        updated: lastUpdated(items, ctx.now()),
        items,
      });
    });
  }

  return app;
}
