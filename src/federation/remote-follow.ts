import type { Ctx } from "../domain/context.ts";
import { webFingerLinks } from "./lookup-webfinger.ts";

/** The WebFinger relation whose template opens "follow this account" on the reader's server. */
export const SUBSCRIBE_REL = "http://ostatus.org/schema/1.0/subscribe";

/** `@you@your.server`, `you@your.server` or just `your.server`. */
const ACCOUNT = /^@?(?:([\p{L}\p{N}_.-]{1,100})@)?([a-z0-9.-]{1,253}(?::\d{1,5})?)$/iu;

export function parseFediverseAccount(text: string): { user: string | null; host: string } | null {
  const match = ACCOUNT.exec(text.trim());
  if (!match?.[2] || (!match[2].includes(".") && !match[2].includes(":"))) return null;
  return { user: match[1] ?? null, host: match[2].toLowerCase() };
}

/**
 * Where a visitor follows `targetUri` from their own server: the subscribe
 * template their server's WebFinger names (Mastodon, Pleroma, GoToSocial,
 * Outloud…), else Mastodon's `/authorize_interaction`. The WebFinger request
 * goes through the SSRF guard; a server that does not answer still gets the
 * fallback (the visitor's own server knows best).
 */
export async function remoteFollowUrl(
  ctx: Ctx,
  account: { user: string | null; host: string },
  targetUri: string,
): Promise<string> {
  const allowPrivate = ctx.config.federationAllowPrivateAddress;
  // Only tests on loopback speak plain HTTP (nothing there has a certificate).
  const scheme = allowPrivate ? "http" : "https";
  const fallback = `${scheme}://${account.host}/authorize_interaction?uri=${encodeURIComponent(targetUri)}`;
  if (!account.user) return fallback;
  const links = await webFingerLinks(ctx, { user: account.user, host: account.host }, 5_000);
  const template = links?.find((link) => link.rel === SUBSCRIBE_REL)?.template;
  if (!template?.includes("{uri}")) return fallback;
  try {
    const url = new URL(template.replace("{uri}", encodeURIComponent(targetUri)));
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : fallback;
  } catch {
    return fallback;
  }
}
