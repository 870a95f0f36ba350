import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { type ProfileView, profileEntries, profileView } from "../../../domain/entries/index.ts";
import { profileShowcase } from "../../../domain/portfolios/index.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { entryList } from "../../views/entry-card.ts";
import { entryPaths } from "../../views/entry-paths.ts";
import { fediverseFollow } from "../../views/fediverse-follow.ts";
import { filterBar } from "../../views/filters.ts";
import { followButton } from "../../views/follow-button.ts";
import { feedLinks, feedList, socialMeta } from "../../views/meta.ts";
import { pagination } from "../../views/pagination.ts";
import { showcaseSections } from "../../views/portfolio-showcase.ts";
import { profileCard } from "../../views/profile-card.ts";
import { relationshipControls } from "../../views/relationship-controls.ts";
import { profileSearchBox } from "../../views/search-form.ts";
import { AT_HANDLE, cursorOf, handleOf, originOf, queryParam, viewerOf } from "./request.ts";

function memberFollowButton(c: Context<AppEnv>, profile: ProfileView): Html {
  if (!c.get("user") || profile.isSelf) return html``;
  const path = paths.profile(profile.handle);
  return followButton(c, profile.followState, {
    follow: `${path}/follow`,
    unfollow: `${path}/unfollow`,
  });
}

/** `/@handle`: the member's h-card and the entries this viewer may see (an h-feed). */
export function profileRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(AT_HANDLE, async (c) => {
    const ctx = c.get("ctx");
    const viewer = viewerOf(c);
    const profile = await profileView(ctx, viewer, handleOf(c));
    const filters = { prompt: queryParam(c, "prompt"), tag: queryParam(c, "tag", 65) };
    const cursor = cursorOf(c);
    // Pins, portfolios and skills (the Portfolios area), on the first page only.
    const [page, showcase] = await Promise.all([
      profileEntries(ctx, viewer, profile, { ...filters, cursor }),
      cursor === null ? profileShowcase(ctx, viewer, profile.id) : null,
    ]);
    const path = paths.profile(profile.handle);
    const url = originOf(c) + path;
    const feed = (format: "atom" | "rss" | "json") =>
      entryPaths.profileFeed(profile.handle, format);
    const description = profile.headline || `${profile.displayName} on Outloud`;
    const head = html`${socialMeta({
      title: profile.displayName,
      description,
      url,
      type: "profile",
      image: profile.avatarKey ? originOf(c) + paths.avatar(profile.avatarKey) : null,
    })}
<meta property="profile:username" content="${profile.handle}">
${feedLinks(profile.displayName, feed)}`;
    return renderPage(c, {
      title: `${profile.displayName} (@${profile.handle})`,
      description,
      head,
      body: html`${profileCard(profile, url, html`${memberFollowButton(c, profile)}${relationshipControls(c, { id: profile.id, handle: profile.handle, host: null })}`)}
${showcase ? showcaseSections(showcase, profile, viewer.actorId) : ""}
<section class="h-feed" aria-labelledby="entries-heading">
  <h2 id="entries-heading" class="p-name">Entries</h2>
  ${profileSearchBox(profile.handle)}
  ${filterBar(path, filters)}
  ${entryList(page.entries, { viewerId: viewer.actorId }, filters.prompt || filters.tag ? "No entries match these filters." : "Nothing here yet.")}
  ${pagination(path, filters, page.nextCursor, cursor === null)}
</section>
${feedList(feed)}
${viewer.actorId === null && cursor === null ? fediverseFollow(profile.handle, new URL(ctx.config.publicUrl).host) : ""}`,
    });
  });

  return app;
}
