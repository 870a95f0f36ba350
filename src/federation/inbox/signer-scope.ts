import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Who signed a received activity that the shared inbox accepted on its fast
 * path (fast-inbox.ts). There the web process checked the HTTP signature and
 * that the key's owner is the activity's `actor` as the JSON says it; the
 * worker parses the JSON-LD and must find the same actor, or the activity is
 * dropped (`withSigner`, applied to every inbox listener). A JSON-LD context
 * can rename terms, so the raw `actor` alone is not trusted.
 */

/** The property our inbox messages carry beside Fedify's own (kept on Fedify's retries). */
export const SIGNED_BY = "outloudSignedBy";

const scope = new AsyncLocalStorage<string | null>();

/** The signer a queued Fedify message names, if it came through the fast path. */
function signerOf(message: unknown): string | null {
  if (message === null || typeof message !== "object") return null;
  const value = (message as Record<string, unknown>)[SIGNED_BY];
  return typeof value === "string" ? value : null;
}

/** Runs a queued message's processing with its signer known to the listeners. */
export function withSignerOf<T>(message: unknown, work: () => Promise<T>): Promise<T> {
  return scope.run(signerOf(message), work);
}

/**
 * Whether an activity parsed by the worker may be processed: always when
 * Fedify verified it in the request (no signer recorded), otherwise only when
 * its actor is the key owner the fast path verified.
 */
export function actorMatchesSigner(actorId: URL | null): boolean {
  const signer = scope.getStore() ?? null;
  return signer === null || actorId?.href === signer;
}
