import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { notShown, tagEntries } from "../../../domain/entries/index.ts";
import { tagOverview } from "../../../domain/search/index.ts";
import { isValidTag, tagKey } from "../../../domain/tags.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { entryList } from "../../views/entry-card.ts";
import { entryPaths, type FeedFormat } from "../../views/entry-paths.ts";
import { feedLinks, feedList, socialMeta } from "../../views/meta.ts";
import { pagination } from "../../views/pagination.ts";
import { relatedTags, tagSummary } from "../../views/search-discovery.ts";
import { cursorOf, originOf, viewerOf } from "./request.ts";

/** The tag in the URL, normalised; a name that cannot be a tag is a 404. */
export function tagParam(c: Context<AppEnv>): string {
  const raw = (c.req.param("tag") ?? "").replace(/^#/, "");
  if (!isValidTag(raw)) throw notShown();
  return tagKey(raw);
}

/** `/tags/<tag>`: entries with the tag across the instance, as this viewer may list them. */
export function tagRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/tags/:tag", async (c) => {
    const tag = tagParam(c);
    const viewer = viewerOf(c);
    const cursor = cursorOf(c);
    const [page, overview] = await Promise.all([
      tagEntries(c.get("ctx"), viewer, tag, { cursor }),
      tagOverview(c.get("ctx"), viewer, tag),
    ]);
    const path = paths.tag(tag);
    const feed = (format: FeedFormat) => entryPaths.tagFeed(tag, format);
    const title = `#${tag}`;
    return renderPage(c, {
      title,
      description: `Entries tagged #${tag} on Outloud`,
      head: html`${socialMeta({
        title,
        description: `Entries tagged #${tag} on Outloud`,
        url: originOf(c) + path,
        type: "website",
      })}
${feedLinks(title, feed)}`,
      body: html`<h1>${title}</h1>
${tagSummary(tag, overview)}
<section class="h-feed" aria-label="Entries tagged ${title}">
  <span class="p-name" hidden>${title}</span>
  ${entryList(page.entries, { viewerId: viewer.actorId, showAuthor: true }, "No entries with this tag yet.")}
  ${pagination(path, {}, page.nextCursor, cursor === null)}
</section>
${relatedTags(overview)}
${feedList(feed)}`,
    });
  });

  return app;
}
