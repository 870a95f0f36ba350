import type { Context } from "hono";
import { html } from "hono/html";
import { remoteAccount, remoteAddressOf } from "../../../domain/federation/index.ts";
import { findPost, type PostRef } from "../../../domain/interactions/index.ts";
import { lookupRemoteUrl } from "../../../federation/lookup-url.ts";
import type { AppEnv } from "../../env.ts";
import type { Html } from "../../layout.ts";
import { remoteAccountCard } from "../../views/remote-account.ts";
import { viewerOf } from "../entries/request.ts";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const LOCAL_POST = new RegExp(`^/(?:@[^/]+|posts)/(${UUID})/?$`, "i");

function notice(text: string): Html {
  return html`<p class="notice search-remote" role="status">${text}</p>`;
}

/** A post id named by a URL of this server (`/@handle/<id>` or `/posts/<id>`), else null. */
function localPostId(publicUrl: string, text: string): string | null {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || url.host.toLowerCase() !== new URL(publicUrl).host.toLowerCase()) return null;
  return LOCAL_POST.exec(url.pathname)?.[1]?.toLowerCase() ?? null;
}

/** Where a post this viewer may open is read here. */
const pagePath = (post: PostRef) =>
  post.kind === "entry" ? `/@${post.authorHandle}/${post.id}` : `/posts/${post.id}`;

/**
 * A query that is one URL: a post of this server the viewer may see goes to
 * its page; for a signed-in member, a post elsewhere is looked up, kept and
 * opened on its thread page (an account found there gets its card). Otherwise
 * a notice that says what happened. Null: not a URL query (search as usual).
 */
export async function postUrlResult(
  c: Context<AppEnv>,
  q: string,
): Promise<Response | Html | null> {
  const text = q.trim();
  if (!/^https?:\/\/\S+$/i.test(text)) return null;
  const ctx = c.get("ctx");
  const localId = localPostId(ctx.config.publicUrl, text);
  if (localId) {
    const post = await findPost(ctx, viewerOf(c), localId);
    const readable = post && (post.kind === "remote" || post.status === "published");
    return readable ? c.redirect(pagePath(post), 303) : null;
  }
  const user = c.get("user");
  // A visitor's search never makes this server fetch anything.
  if (!user || !remoteAddressOf(ctx, text)) return null;
  const host = new URL(text).host;
  const found = await lookupRemoteUrl(ctx, text);
  switch (found.kind) {
    case "post": {
      const post = await findPost(ctx, user, found.id);
      if (post) return c.redirect(pagePath(post), 303);
      return notice("That post is not public: only the people it was written for can read it.");
    }
    case "account":
      return remoteAccountCard(await remoteAccount(ctx, user, found.id));
    case "unreachable":
      return notice(`That server (${host}) did not answer. Try again later.`);
    case "not-public":
      return notice(`That post is not public, or ${host} no longer has it.`);
    case "nothing":
      return notice(`No post or account found at ${text}.`);
  }
}
