import type { Ctx } from "../domain/context.ts";
import { isDomainBlocked } from "../domain/moderation/index.ts";
import { SsrfError } from "../media/safe-fetch.ts";
import { lookupRemoteAccount, lookupRemotePost, signedLookupLoaders } from "./lookup.ts";

/** What a URL on another server turned out to be, or why it could not be read. */
export type RemoteUrlLookup =
  | { kind: "post"; id: string }
  | { kind: "account"; id: string }
  /** No answer: refused connection, timeout, a server error. */
  | { kind: "unreachable" }
  /** The server answered 401, 403, 404 or 410: not public, or not there (any more). */
  | { kind: "not-public" }
  /** It answered, but with neither a post nor an account (or an address we never fetch). */
  | { kind: "nothing" };

/** The HTTP status a failed document fetch got, when the server answered at all. */
function statusOf(error: unknown): number | null {
  if (!(error instanceof Error) || !("response" in error)) return null;
  const response = (error as { response?: unknown }).response;
  return response instanceof Response ? response.status : null;
}

/**
 * Looks up a pasted URL on another server (none of a blocked domain): first asks the server itself
 * (fresh, through the SSRF guard, signed as the instance actor) so a failure can be told apart, then keeps
 * it as a post (`lookupRemotePost`) or else as an account
 * (`lookupRemoteAccount`). Never throws.
 */
export async function lookupRemoteUrl(ctx: Ctx, url: string): Promise<RemoteUrlLookup> {
  // Nothing is fetched from a server the admin blocked.
  const host = URL.canParse(url) ? new URL(url).host : null;
  if (!host || (await isDomainBlocked(ctx, host))) return { kind: "nothing" };
  try {
    await signedLookupLoaders(ctx).documentLoader(url);
  } catch (error) {
    if (error instanceof SsrfError) {
      const silent = ["network", "timeout", "dns"].includes(error.reason);
      // Else an address we never fetch, too many redirects or too large a document.
      return { kind: silent ? "unreachable" : "nothing" };
    }
    // A page that is no ActivityPub document.
    if (error instanceof SyntaxError) return { kind: "nothing" };
    const status = statusOf(error);
    if (status !== null && [401, 403, 404, 410].includes(status)) return { kind: "not-public" };
    if (status === null || status >= 500) return { kind: "unreachable" };
    return { kind: "nothing" };
  }
  const post = await lookupRemotePost(ctx, url);
  if (post) return { kind: "post", id: post };
  const account = await lookupRemoteAccount(ctx, url);
  return account ? { kind: "account", id: account } : { kind: "nothing" };
}
