import { isActor } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { remoteAddressOf } from "../domain/federation/index.ts";
import { federationContext } from "./federation.ts";
import { fetchSharedPost } from "./inbox/reactions.ts";
import type { Fed } from "./inbox/shared.ts";
import { lookupAccount } from "./outgoing.ts";
import { rememberActor } from "./remote-actors.ts";
import { freshDocumentLoader } from "./safe-document-loader.ts";

/** The loaders of a lookup someone waits on: fresh (what the server says now), guarded, signed. */
export function signedLookupLoaders(ctx: Ctx) {
  return {
    documentLoader: freshDocumentLoader(ctx),
    contextLoader: federationContext(ctx).contextLoader,
  };
}

/**
 * Looks a remote account up by `@user@host` or its URL (the same lookup a
 * follow uses, but signed) and keeps it as `sendFollow` does; returns our id for it, or
 * null when the text is no remote address or nothing answers as an account.
 * Never throws: search shows a quiet note instead.
 */
export async function lookupRemoteAccount(ctx: Ctx, text: string): Promise<string | null> {
  const address = remoteAddressOf(ctx, text);
  if (!address) return null;
  try {
    const fed = federationContext(ctx);
    const found = await lookupAccount(fed, address, signedLookupLoaders(ctx));
    if (!isActor(found) || !found.id) return null;
    return await rememberActor(fed, found);
  } catch (error) {
    ctx.log.warning("Looking up {address} failed: {error}", { address, error });
    return null;
  }
}

/**
 * Looks a post up by its URL (its ActivityPub id) on its own server, signed,
 * and keeps it with its author, exactly as a shared post is fetched; returns our id for
 * it, or null when the URL is ours, nothing there is a post, or it fails.
 * Who may see it is decided when it is read (remotePostVisibleTo).
 */
export async function lookupRemotePost(ctx: Ctx, url: string): Promise<string | null> {
  const address = remoteAddressOf(ctx, url);
  if (!address || !/^https?:\/\//.test(address)) return null;
  try {
    // The inbox's fetch uses only what every federation context offers.
    const fed = federationContext(ctx) as unknown as Fed;
    return await fetchSharedPost(fed, new URL(address));
  } catch (error) {
    ctx.log.warning("Looking up the post {url} failed: {error}", { url, error });
    return null;
  }
}
