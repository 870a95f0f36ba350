import { type Context, Hono } from "hono";
import { html, raw } from "hono/html";
import {
  followRemoteAccount,
  type RemoteAccountView,
  recentRemotePosts,
  remoteAccount,
  unfollowRemote,
} from "../../../domain/federation/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { remoteAddress, remotePaths, remotePostList } from "../../views/remote-account.ts";
import { signedInOrRedirect } from "../accounts/request.ts";

const FOLLOW_LABELS: Record<string, { text: string; action: "follow" | "unfollow" }> = {
  none: { text: "Follow", action: "follow" },
  pending: { text: "Requested", action: "unfollow" },
  accepted: { text: "Unfollow", action: "unfollow" },
};

/** Follow, or (requested or following) the button that withdraws it. */
function followForm(c: Context<AppEnv>, account: RemoteAccountView): Html {
  const label = FOLLOW_LABELS[account.followState ?? "none"] ?? FOLLOW_LABELS.none!;
  const action =
    label.action === "follow" ? remotePaths.follow(account.id) : remotePaths.unfollow(account.id);
  const hint =
    account.followState === "pending"
      ? html`<span class="small muted">Waiting for them to accept; press to withdraw the request.</span>`
      : "";
  return html`<form method="post" action="${action}" class="inline-form remote-follow">${csrfField(c)}<button type="submit" class="${label.action === "follow" ? "button" : "button button-secondary"}"${account.followState === "pending" ? html` title="Withdraw the follow request"` : ""}>${label.text}</button> ${hint}</form>`;
}

/** `/remote/<actor id>`: an account on another server, for signed-in members. */
export function remoteAccountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/remote/:id", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const account = await remoteAccount(ctx, user, c.req.param("id"));
    const posts = await recentRemotePosts(ctx, account);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: `${account.displayName} (${remoteAddress(account)})`,
      head: html`<meta name="robots" content="noindex">`,
      body: html`<section class="profile-card h-card remote-profile">
  <h1 class="p-name">${account.displayName}</h1>
  <p class="headline">${remoteAddress(account)}</p>
  <div class="p-note">${raw(account.bioHtml)}</div>
  <p><a class="u-url" href="${account.url ?? account.uri}" rel="nofollow noopener ugc">Their profile on ${account.host}</a></p>
  ${followForm(c, account)}
</section>
<section aria-labelledby="remote-posts-heading">
  <h2 id="remote-posts-heading">Recent posts</h2>
  <p class="small muted">Posts this server received from them (it keeps posts of accounts its members follow).</p>
  ${remotePostList(posts, "No posts received from them yet.")}
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
