import type { DocumentLoader, KvStore, RemoteDocument } from "@fedify/fedify";
import { preloadedContexts } from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";

/** Where fetched documents are kept: Fedify's own prefix, so its cache and ours are one. */
export const DOCUMENT_CACHE_PREFIX = ["_fedify", "remoteDocument"] as const;

/** How long a fetched document is served from the cache (Fedify's kvCache default). */
const DOCUMENT_TTL = Temporal.Duration.from({ minutes: 5 });

/**
 * The JSON-LD contexts Fedify ships, tagged `static`: jsonld then keeps each
 * one's processed form between documents instead of processing the context
 * again for every activity it expands.
 */
function preloaded(url: string): RemoteDocument | null {
  if (!Object.hasOwn(preloadedContexts, url)) return null;
  const document = preloadedContexts[url];
  return { contextUrl: null, document, documentUrl: url, tag: "static" } as RemoteDocument;
}

/**
 * `loader` behind the key-value store, as Fedify's `kvCache` does it (same
 * keys, same five minutes), built once per runtime rather than per request:
 * Fedify asks its loader factories for a loader with every context it makes,
 * and `kvCache` compiles a URL pattern each time it is built and matches it on
 * every lookup. Our store keeps these entries in memory too (see
 * `FEDIFY_CACHE_PREFIXES`), so checking that a known actor owns the key
 * that signed an activity costs no round trip.
 */
export function cachedDocumentLoader(loader: DocumentLoader, kv: KvStore): DocumentLoader {
  return async (url, options) => {
    const known = preloaded(url);
    if (known) return known;
    const key = [...DOCUMENT_CACHE_PREFIX, url] as const;
    // As kvCache: a store that fails costs the cache, not the document.
    const cached = await kv.get<RemoteDocument>(key).catch(() => undefined);
    if (cached != null) return cached;
    const fetched = await loader(url, options);
    await kv.set(key, fetched, { ttl: DOCUMENT_TTL }).catch(() => {});
    return fetched;
  };
}
