import { Hono } from "hono";
import { html } from "hono/html";
import { localActorProfile } from "../../../domain/federation/index.ts";
import { federationContext } from "../../../federation/federation.ts";
import { parseFediverseAccount, remoteFollowUrl } from "../../../federation/remote-follow.ts";
import type { AppEnv } from "../../env.ts";
import { renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { fediverseFollow, remoteFollowPath } from "../../views/fediverse-follow.ts";
import { AT_HANDLE, handleOf } from "../entries/request.ts";

/**
 * Following a member from another server: `/@handle/remote-follow?account=`
 * finds the reader's server and offers a link to its follow page (a link,
 * not a redirect: the reader sees where they are going). And
 * `/authorize_interaction?uri=`, where other servers send their readers to
 * follow or answer something from here.
 */
export function remoteFollowRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get(`${AT_HANDLE}/remote-follow`, async (c) => {
    const ctx = c.get("ctx");
    const member = await localActorProfile(ctx, handleOf(c));
    if (!member) return c.notFound();
    const host = new URL(ctx.config.publicUrl).host;
    const typed = (c.req.query("account") ?? "").slice(0, 300);
    const page = (body: ReturnType<typeof html>, status: 200 | 422 = 200) =>
      renderPage(c, {
        title: `Follow @${member.handle} from your server`,
        head: html`<meta name="robots" content="noindex">`,
        status,
        body,
      });
    if (typed.trim() === "") {
      return page(fediverseFollow(member.handle, host, { headingLevel: 1 }));
    }
    const account = parseFediverseAccount(typed);
    if (!account) {
      const error = "Enter your address like @you@your.server (or just your server's name).";
      return page(
        fediverseFollow(member.handle, host, { account: typed, error, headingLevel: 1 }),
        422,
      );
    }
    const actorUri = federationContext(ctx).getActorUri(member.handle).href;
    const target = await remoteFollowUrl(ctx, account, actorUri);
    return page(html`<h1>Follow @${member.handle} from ${account.host}</h1>
<p>Your server shows @${member.handle}@${host} there, ready to follow.</p>
<p><a class="button" href="${target}" rel="nofollow noopener">Continue to ${account.host}</a></p>
<p class="small muted">Not your server? <a href="${remoteFollowPath(member.handle)}">Enter another address</a> · <a href="${paths.profile(member.handle)}">Back to the profile</a></p>`);
  });

  app.get("/authorize_interaction", (c) => {
    const uri = (c.req.query("uri") ?? "").slice(0, 2000).trim();
    const search = `/search?q=${encodeURIComponent(uri)}`;
    if (!c.get("user")) return c.redirect(`/sign-in?next=${encodeURIComponent(search)}`, 303);
    return c.redirect(search, 303);
  });

  return app;
}
