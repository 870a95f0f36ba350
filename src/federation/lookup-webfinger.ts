import type { Ctx } from "../domain/context.ts";
import { safeFetch } from "../media/safe-fetch.ts";

/** A WebFinger answer's links (RFC 7033), as much of it as we read. */
export interface WebFingerLink {
  rel?: string;
  type?: string;
  href?: string;
  template?: string;
}

/**
 * Reads `acct:user@host`'s WebFinger document through the SSRF guard (Fedify's
 * own WebFinger lookup checks the address but does not pin it and has no time
 * limit). Over HTTPS; over plain HTTP only when private addresses are allowed
 * (tests on loopback, where nothing has a certificate). Null when there is no
 * answer; throws nothing.
 */
export async function webFingerLinks(
  ctx: Ctx,
  account: { user: string; host: string },
  timeoutMs = ctx.config.federationFetchTimeoutMs,
): Promise<WebFingerLink[] | null> {
  const allowPrivate = ctx.config.federationAllowPrivateAddress;
  const scheme = allowPrivate ? "http" : "https";
  const resource = encodeURIComponent(`acct:${account.user}@${account.host}`);
  try {
    const response = await safeFetch(
      `${scheme}://${account.host}/.well-known/webfinger?resource=${resource}`,
      {
        allowPrivate,
        maxBytes: 256 * 1024,
        timeoutMs,
        headers: { accept: "application/jrd+json, application/json" },
      },
    );
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const body = (await response.json()) as { links?: unknown };
    return Array.isArray(body.links) ? (body.links as WebFingerLink[]) : [];
  } catch (error) {
    ctx.log.info("WebFinger of {host} failed: {error}", { host: account.host, error });
    return null;
  }
}

const ACTIVITY_TYPES = /^application\/(activity\+json|ld\+json)/;

/** The ActivityPub id WebFinger names for `@user@host` (its `self` link), or null. */
export async function webFingerActorUri(
  ctx: Ctx,
  account: { user: string; host: string },
): Promise<string | null> {
  const links = await webFingerLinks(ctx, account);
  const self = links?.find(
    (link) => link.rel === "self" && link.href && (!link.type || ACTIVITY_TYPES.test(link.type)),
  );
  if (!self?.href || !URL.canParse(self.href)) return null;
  const url = new URL(self.href);
  return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
}
