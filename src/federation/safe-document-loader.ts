import {
  type DocumentLoader,
  type DocumentLoaderFactory,
  getRemoteDocument,
  getUserAgent,
  type KvStore,
  kvCache,
  preloadedContexts,
} from "@fedify/fedify";
import type { Ctx } from "../domain/context.ts";
import { type SafeFetchOptions, safeFetch } from "../media/safe-fetch.ts";

const ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/**
 * A JSON-LD document loader whose every request goes through safeFetch: DNS
 * checked before connecting and pinned, redirects re-checked, size and time
 * capped (Fedify's own loader checks the URL but then lets fetch resolve again).
 * `guard` is for tests (a resolver mapping made-up names to a loopback server).
 */
export function safeDocumentLoader(
  userAgent: string,
  guard: SafeFetchOptions = {},
): DocumentLoader {
  const load: DocumentLoader = async (url, options) => {
    options?.signal?.throwIfAborted();
    const href = new URL(url).href;
    if (href in preloadedContexts) {
      return { contextUrl: null, document: preloadedContexts[href], documentUrl: href };
    }
    const response = await safeFetch(href, {
      ...guard,
      signal: options?.signal,
      maxBytes: guard.maxBytes ?? 2 * 1024 * 1024,
      headers: { accept: ACCEPT, "user-agent": userAgent },
    });
    return getRemoteDocument(href, response, load);
  };
  return load;
}

/** Fedify's loader factories for production: the safe loader behind Fedify's KV cache. */
export function safeLoaderFactories(kv: KvStore, userAgent: string) {
  const factory =
    (kind: "object" | "context"): DocumentLoaderFactory =>
    () =>
      kvCache({ loader: safeDocumentLoader(userAgent), kv, kind });
  return { documentLoaderFactory: factory("object"), contextLoaderFactory: factory("context") };
}

/**
 * A loader that skips Fedify's cache (a page waiting on what a server says
 * now: a remote profile's outbox, a pasted post URL), through the SSRF guard,
 * with a short time limit per document and, when given, one deadline for all
 * of them. Private addresses only when federation allows them (tests on loopback).
 */
export function freshDocumentLoader(
  ctx: Ctx,
  options: { timeoutMs?: number; deadline?: AbortSignal } = {},
): DocumentLoader {
  const userAgent = getUserAgent({ software: "Outloud", url: ctx.config.publicUrl });
  const load = safeDocumentLoader(userAgent, {
    allowPrivate: ctx.config.federationAllowPrivateAddress,
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
