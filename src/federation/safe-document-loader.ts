import {
  type DocumentLoader,
  type DocumentLoaderFactory,
  getRemoteDocument,
  type KvStore,
  kvCache,
  preloadedContexts,
} from "@fedify/fedify";
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
