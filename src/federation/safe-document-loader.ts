import {
  type AuthenticatedDocumentLoaderFactory,
  type DocumentLoader,
  type DocumentLoaderFactory,
  type Federation,
  getRemoteDocument,
  getUserAgent,
  type KvStore,
  preloadedContexts,
} from "@fedify/fedify";
import type { Ctx } from "../domain/context.ts";
import { type SafeFetchOptions, safeFetch } from "../media/safe-fetch.ts";
import { cachedDocumentLoader } from "./document-cache.ts";
import { instanceSigner } from "./instance-actor.ts";
import { type Signer, signedGet } from "./signed-get.ts";

const ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

export type { Signer } from "./signed-get.ts";

/**
 * A JSON-LD document loader whose every request goes through safeFetch: DNS
 * checked before connecting and pinned, redirects re-checked, size and time
 * capped (Fedify's own loader checks the URL but then lets fetch resolve again,
 * and has no time limit). With a `signer`, each GET carries an HTTP Signature
 * (draft-cavage, as Mastodon expects, made anew for each redirect hop) for
 * servers that require authorized fetch.
 * `guard` is for tests (a resolver mapping made-up names to a loopback server).
 */
export function safeDocumentLoader(
  userAgent: string,
  guard: SafeFetchOptions = {},
  signer?: Signer,
): DocumentLoader {
  const load: DocumentLoader = async (url, options) => {
    options?.signal?.throwIfAborted();
    const href = new URL(url).href;
    if (href in preloadedContexts) {
      return { contextUrl: null, document: preloadedContexts[href], documentUrl: href };
    }
    const headers = { accept: ACCEPT, "user-agent": userAgent };
    const guarded = { ...guard, maxBytes: guard.maxBytes ?? 2 * 1024 * 1024 };
    const signal = options?.signal;
    // Signed: each redirect hop is signed for its own URL (src/federation/signed-get.ts).
    const response = signer
      ? await signedGet(href, { guard: guarded, signer, headers, signal })
      : await safeFetch(href, { ...guarded, signal, headers });
    return getRemoteDocument(href, response, load);
  };
  return load;
}

/** What every loader of a runtime shares: private addresses only in tests, one time limit. */
function runtimeGuard(ctx: Ctx): SafeFetchOptions {
  return {
    allowPrivate: ctx.config.federationAllowPrivateAddress,
    timeoutMs: ctx.config.federationFetchTimeoutMs,
  };
}

const userAgentOf = (ctx: Ctx) => getUserAgent({ software: "Outloud", url: ctx.config.publicUrl });

/** The safe loader with each GET signed as the instance actor (fetched as the server). */
function signedAsServer(ctx: Ctx, guard: SafeFetchOptions): DocumentLoader {
  const userAgent = userAgentOf(ctx);
  return async (url, options) =>
    safeDocumentLoader(userAgent, guard, await instanceSigner(ctx))(url, options);
}

/**
 * Fedify's loader factories, every mode: the safe loader behind Fedify's KV
 * cache for documents and contexts, each GET signed as the instance actor, and
 * an uncached one signed as a given member for authenticated fetches
 * (`ctx.getDocumentLoader(identity)`). Fedify's own `allowPrivateAddress`
 * option cannot be combined with these, so private addresses are decided by
 * our guard (see allowPrivateDelivery).
 *
 * Signing Fedify's own fetches (a sender's key and actor on first contact, an
 * object a received activity names) lets servers that require authorized fetch
 * for everything (GoToSocial, Mastodon's limited federation mode) talk to us,
 * as Mastodon signs its own with its instance actor. A cached document was
 * fetched as the server, never as one member, so it may serve every caller.
 */
export function safeLoaderFactories(ctx: Ctx, kv: KvStore) {
  const guard = runtimeGuard(ctx);
  // One cached loader for every context Fedify makes (src/federation/document-cache.ts).
  const cached = cachedDocumentLoader(signedAsServer(ctx, guard), kv);
  const factory = (): DocumentLoaderFactory => () => cached;
  const authenticated: AuthenticatedDocumentLoaderFactory = (identity) =>
    safeDocumentLoader(userAgentOf(ctx), guard, identity);
  return {
    documentLoaderFactory: factory(),
    contextLoaderFactory: factory(),
    authenticatedDocumentLoaderFactory: authenticated,
  };
}

/**
 * Lets Fedify deliver to private addresses (FEDERATION_ALLOW_PRIVATE_ADDRESS=true,
 * tests on loopback) while its documents still come through our loaders:
 * Fedify 2.3.8 refuses custom loaders when `allowPrivateAddress` is given to
 * createFederation, but reads the field at each delivery, so it is set after.
 */
export function allowPrivateDelivery(federation: Federation<Ctx>) {
  const impl = federation as unknown as { allowPrivateAddress?: unknown };
  if (typeof impl.allowPrivateAddress !== "boolean") {
    throw new Error(
      "This Fedify version has no allowPrivateAddress field: see allowPrivateDelivery",
    );
  }
  impl.allowPrivateAddress = true;
}

/**
 * A loader that skips Fedify's cache (a page waiting on what a server says
 * now: a remote profile's outbox, a pasted post URL), through the SSRF guard,
 * with a short time limit per document and, when given, one deadline for all
 * of them; each GET signed as the instance actor, so servers with authorized
 * fetch answer. Private addresses only when federation allows them (tests on loopback).
 */
export function freshDocumentLoader(
  ctx: Ctx,
  options: { timeoutMs?: number; deadline?: AbortSignal } = {},
): DocumentLoader {
  const load = signedAsServer(ctx, {
    ...runtimeGuard(ctx),
    timeoutMs: options.timeoutMs ?? 5000,
  });
  const deadline = options.deadline;
  if (!deadline) return load;
  return (url, loadOptions) =>
    load(url, {
      ...loadOptions,
      signal: loadOptions?.signal ? AbortSignal.any([loadOptions.signal, deadline]) : deadline,
    });
}
