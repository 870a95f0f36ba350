import { Hono } from "hono";
import { html, raw } from "hono/html";
import type { Ctx } from "../../../domain/context.ts";
import {
  followRemoteAccount,
  type RemoteAccountView,
  type RemotePostPage,
  remoteAccount,
  remoteAccountPosts,
  unfollowRemote,
} from "../../../domain/federation/index.ts";
import { withoutImages } from "../../../domain/media/remote-html-images.ts";
import {
  type OlderOutcome,
  type OutboxOutcome,
  olderPostsPage,
  olderPostsRemain,
  refreshRecentPosts,
} from "../../../federation/remote-outbox.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, renderPage } from "../../layout.ts";
import { followButton, followStateOf } from "../../views/follow-button.ts";
import { pagination } from "../../views/pagination.ts";
import { relationshipControls } from "../../views/relationship-controls.ts";
import {
  remoteAddress,
  remotePaths,
  remotePostList,
  remoteProfileDetails,
  remoteProfileHead,
} from "../../views/remote-account.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { cursorOf } from "../entries/request.ts";

const PAGE_SIZE = 20;

/** What the posts section says about where its posts came from. */
function postsNotice(
  account: RemoteAccountView,
  first: OutboxOutcome | null,
  older: OlderOutcome | null,
): Html {
  if (first === "unreachable") {
    return html`<p class="notice" role="status">${account.host} did not answer, so only the posts this server received from them before are shown.</p>`;
  }
  if (older === "unreachable") {
    return html`<p class="notice" role="status">${account.host} did not answer, so older posts could not be read from there; these are the ones this server kept.</p>`;
  }
  return first
    ? html`<p class="small muted">Their latest public posts on ${account.host}, and the posts this server received from them.</p>`
    : html`<p class="small muted">Read from ${account.host} as you page back, and kept here.</p>`;
}

/**
 * Their posts after `cursor`: the first page refreshes their latest from
 * their outbox (at most every 10 minutes); older pages read further back in
 * it when the posts kept here run out.
 */
async function postsSection(
  ctx: Ctx,
  account: RemoteAccountView,
  cursor: string | null,
  first: OutboxOutcome | null,
): Promise<Html> {
  const read = () => remoteAccountPosts(ctx, account, { cursor, limit: PAGE_SIZE });
  const { page, older }: { page: RemotePostPage; older: OlderOutcome | null } =
    cursor === null
      ? { page: await read(), older: null }
      : await olderPostsPage(ctx, account, read, PAGE_SIZE);
  // When the posts kept here are all shown, "Older posts" asks their server for more.
  const next =
    page.nextCursor ??
    (older !== "unreachable" && (await olderPostsRemain(ctx, account.id)) ? page.endCursor : null);
  const path = remotePaths.account(account.id);
  return html`<section aria-labelledby="remote-posts-heading">
  <h2 id="remote-posts-heading">${cursor === null ? "Recent posts" : "Older posts"}</h2>
  ${postsNotice(account, first, older)}
  ${remotePostList(page.posts, cursor === null ? "No public posts to show yet." : "No older posts to show.")}
  ${pagination(path, {}, next, cursor === null, "posts")}
  ${cursor !== null && next === null && older !== "unreachable" ? html`<p class="small muted">That is as far back as ${account.host} shows.</p>` : ""}
</section>`;
}

/** `/remote/<actor id>`: an account on another server, for signed-in members. */
export function remoteAccountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/remote/:id", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const cursor = cursorOf(c);
    const known = await remoteAccount(ctx, user, c.req.param("id"));
    // Their latest public posts, from their outbox (kept here; at most every 10 minutes).
    const first = cursor === null ? await refreshRecentPosts(ctx, known) : null;
    const account = await remoteAccount(ctx, user, known.id);
    const posts = await postsSection(ctx, account, cursor, first);
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
${posts}`,
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
