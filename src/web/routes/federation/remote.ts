import { Hono } from "hono";
import { html, raw } from "hono/html";
import {
  followRemoteAccount,
  recentRemotePosts,
  remoteAccount,
  unfollowRemote,
} from "../../../domain/federation/index.ts";
import { withoutImages } from "../../../domain/media/remote-html-images.ts";
import { refreshRecentPosts } from "../../../federation/remote-outbox.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { followButton, followStateOf } from "../../views/follow-button.ts";
import { relationshipControls } from "../../views/relationship-controls.ts";
import {
  remoteAddress,
  remotePaths,
  remotePostList,
  remoteProfileDetails,
  remoteProfileHead,
} from "../../views/remote-account.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

/** `/remote/<actor id>`: an account on another server, for signed-in members. */
export function remoteAccountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/remote/:id", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const known = await remoteAccount(ctx, user, c.req.param("id"));
    // Their latest public posts, from their outbox (kept here; at most every 10 minutes).
    const outcome = await refreshRecentPosts(ctx, known);
    const account = await remoteAccount(ctx, user, known.id);
    const posts = await recentRemotePosts(ctx, account);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: `${account.displayName} (${remoteAddress(account)})`,
      head: html`<meta name="robots" content="noindex">`,
      body: html`<section class="profile-card h-card remote-profile">
  ${remoteProfileHead(account)}
  <div class="p-note">${raw(withoutImages(account.bioHtml))}</div>
  ${remoteProfileDetails(account)}
  <p><a class="u-url" href="${account.url ?? account.uri}" rel="nofollow noopener ugc">Their profile on ${account.host}</a></p>
  ${followButton(c, followStateOf(account.followState), { follow: remotePaths.follow(account.id), unfollow: remotePaths.unfollow(account.id) })}
  ${relationshipControls(c, account)}
</section>
<section aria-labelledby="remote-posts-heading">
  <h2 id="remote-posts-heading">Recent posts</h2>
  ${
    outcome === "unreachable"
      ? html`<p class="notice" role="status">${account.host} did not answer, so only the posts this server received from them before are shown.</p>`
      : html`<p class="small muted">Their latest public posts on ${account.host}, and the posts this server received from them.</p>`
  }
  ${remotePostList(posts, "No public posts to show yet.")}
</section>`,
    });
  });
  app.post("/remote/:id/follow", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const id = c.req.param("id");
    await followRemoteAccount(c.get("ctx"), user, id);
    return c.redirect(remotePaths.account(id), 303);
  });
  app.post("/remote/:id/unfollow", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const account = await remoteAccount(ctx, user, c.req.param("id"));
    await unfollowRemote(ctx, user, account.id);
    return c.redirect(remotePaths.account(account.id), 303);
  });
  return app;
}
