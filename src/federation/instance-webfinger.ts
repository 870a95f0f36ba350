import type { Ctx } from "../domain/context.ts";
import { instanceActorUri, localActorProfile } from "../domain/federation/index.ts";

/**
 * The instance actor's WebFinger address, named after the server as
 * Mastodon names its own: `acct:<hostname>@<host>` (`acct:example.org@example.org`).
 * Members' handles cannot contain a dot, so on a real domain nobody else can
 * have it; on a dotless host (`localhost`) a member of that name keeps it
 * and the instance actor goes without. The actor's URL is answered too.
 */
export function instanceActorAcct(ctx: Ctx): string {
  const url = new URL(ctx.config.publicUrl);
  return `acct:${url.hostname}@${url.host}`;
}

function jrd(ctx: Ctx, subject: string): Response {
  const actor = instanceActorUri(ctx);
  const body = {
    subject,
    aliases: [actor],
    links: [
      { rel: "self", type: "application/activity+json", href: actor },
      {
        rel: "http://webfinger.net/rel/profile-page",
        type: "text/html",
        href: ctx.config.publicUrl,
      },
    ],
  };
  return new Response(JSON.stringify(body), {
    headers: {
      "content-type": "application/jrd+json",
      "access-control-allow-origin": "*",
    },
  });
}

/** The answer to `/.well-known/webfinger?resource=…` when it names the instance actor, else null. */
export async function instanceWebFinger(ctx: Ctx, url: URL): Promise<Response | null> {
  if (url.pathname !== "/.well-known/webfinger") return null;
  const resource = url.searchParams.get("resource")?.trim();
  if (!resource) return null;
  if (resource === instanceActorUri(ctx)) return jrd(ctx, instanceActorAcct(ctx));
  const acct = instanceActorAcct(ctx);
  if (resource.toLowerCase() !== acct.toLowerCase()) return null;
  const user = new URL(ctx.config.publicUrl).hostname;
  // A member whose handle is the (dotless) host name keeps the address.
  if (await localActorProfile(ctx, user)) return null;
  return jrd(ctx, acct);
}
