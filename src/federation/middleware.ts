import type { Context, MiddlewareHandler, Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Ctx } from "../domain/context.ts";
import { entryTombstone } from "../domain/federation/index.ts";
import { federationFor } from "./federation.ts";
import { fromBlockedServer } from "./inbox/blocked-sender.ts";
import { acceptOnFastPath } from "./inbox/fast-inbox.ts";
import { readReceivedPost } from "./inbox/received-post.ts";
import { instanceWebFinger } from "./instance-webfinger.ts";
import { isInboxPath } from "./paths.ts";

/** Largest activity an inbox accepts (Mastodon's own limit is about the same). */
export const INBOX_MAX_BYTES = 1024 * 1024;

const PERMALINK = /^\/@([A-Za-z0-9_]{1,30})\/([0-9a-f-]{36})$/i;

function wantsActivityPub(c: Context): boolean {
  const accept = c.req.header("accept") ?? "";
  return accept.includes("application/activity+json") || accept.includes("application/ld+json");
}

/** WebFinger and NodeInfo answer whatever the request accepts. */
function isDiscoveryPath(path: string): boolean {
  return path.startsWith("/.well-known/") || path.startsWith("/nodeinfo/");
}

/** A deleted entry's URL, asked for as ActivityPub: 410 Gone with a `Tombstone`. */
async function tombstoneResponse(c: Context, ctx: Ctx): Promise<Response | null> {
  const match = PERMALINK.exec(c.req.path);
  if (!match?.[1] || !match[2]) return null;
  const gone = await entryTombstone(ctx, match[1], match[2]);
  if (!gone) return null;
  const body = {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: new URL(c.req.path, ctx.config.publicUrl).href,
    type: "Tombstone",
    deleted: gone.deletedAt.toISOString(),
  };
  return new Response(JSON.stringify(body), {
    status: 410,
    headers: { "content-type": "application/activity+json", vary: "Accept" },
  });
}

/**
 * Serves ActivityPub and discovery (WebFinger, NodeInfo) through Fedify, in
 * front of the pages: a request Fedify does not serve (not found, or an
 * HTML `Accept`) goes on to our routes, so `/@handle` is still a page for
 * browsers and a `Person` for servers. Mounted before the page cache:
 * ActivityPub answers depend on the signature and are never cached.
 */
export function federationMiddleware(ctx: Ctx): MiddlewareHandler {
  const federation = federationFor(ctx);
  const limit = bodyLimit({
    maxSize: Math.min(INBOX_MAX_BYTES, ctx.config.maxBodyBytes),
    onError: (c) => c.text("The activity is larger than this server accepts.", 413),
  });
  const serve = async (c: Context, next: Next, request = c.req.raw): Promise<Response> => {
    const passOn = async () => {
      await next();
      return c.res;
    };
    return federation.fetch(request, {
      contextData: ctx,
      onNotFound: passOn,
      onNotAcceptable: passOn,
    });
  };
  return async (c, next) => {
    const method = c.req.method;
    if (method === "POST" && isInboxPath(c.req.path)) {
      let response: Response | undefined;
      const limited = await limit(c, async () => {
        const post = await readReceivedPost(c.req.raw);
        // A blocked server's activity is dropped before any check; it learns nothing.
        response = (await fromBlockedServer(ctx, post))
          ? new Response(null, { status: 202 })
          : ((await acceptOnFastPath(ctx, post)) ?? (await serve(c, next, post.request())));
      });
      return limited ?? response ?? c.res;
    }
    if (method !== "GET" && method !== "HEAD") return next();
    if (c.req.path === "/.well-known/host-meta") return hostMeta(ctx.config.publicUrl);
    // The instance actor is no Fedify actor: its WebFinger address is answered here.
    if (c.req.path === "/.well-known/webfinger") {
      const instance = await instanceWebFinger(ctx, new URL(c.req.url));
      if (instance) return instance;
    }
    if (wantsActivityPub(c)) {
      const gone = await tombstoneResponse(c, ctx);
      if (gone) return gone;
      return serve(c, next);
    }
    // Requests for HTML skip Fedify's router: only discovery answers them.
    const json = (c.req.header("accept") ?? "").includes("json");
    if (json || isDiscoveryPath(c.req.path)) return serve(c, next);
    return next();
  };
}

/** host-meta (RFC 6415): where older servers find our WebFinger endpoint. */
export function hostMeta(publicUrl: string): Response {
  const template = `${publicUrl}/.well-known/webfinger?resource={uri}`;
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="lrdd" type="application/jrd+json" template="${template}"/>
</XRD>
`;
  return new Response(body, { headers: { "content-type": "application/xrd+xml; charset=utf-8" } });
}
