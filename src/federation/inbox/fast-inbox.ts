import { randomUUID } from "node:crypto";
import { type DocumentLoader, verifyRequest } from "@fedify/fedify";
import { CryptographicKey } from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Ctx } from "../../domain/context.ts";
import { postgresKvStore, postgresMessageQueue } from "../../domain/federation/index.ts";
import { federationContext } from "../federation.ts";
import { federationPaths } from "../paths.ts";
import { freshDocumentLoader } from "../safe-document-loader.ts";
import { actorIdOf, type ReceivedPost } from "./received-post.ts";
import { SIGNED_BY } from "./signer-scope.ts";

/**
 * The shared inbox's fast path (docs/adr/0027-inbox-fast-path.md): an
 * ordinary activity with a valid HTTP signature from its actor's key is
 * queued as it came, and its JSON-LD is parsed by a worker, as Mastodon's
 * inbox does. Fedify's own inbox handler expands every activity's JSON-LD
 * in the request (twice before our memo), which cost the web process about
 * 3 ms per POST; this path costs about a third of that.
 *
 * It only ever accepts. Anything it does not handle (a personal inbox, no
 * signature, a key not verified, an actor that is not the key's owner,
 * Linked Data signatures or proofs, an unusual shape or type) goes on to
 * Fedify exactly as before, which verifies again and answers, with its 401s
 * and 400s. The signature is checked by Fedify's `verifyRequest`, the same
 * function its inbox uses; the worker then checks that the parsed activity's
 * actor is the key's owner (signer-scope.ts), so a JSON-LD context that
 * renames `actor` gains nothing.
 */

/** The activities our inbox listens for (src/federation/inbox/index.ts). */
const LISTENED = new Set([
  "Accept",
  "Announce",
  "Block",
  "Create",
  "Delete",
  "Flag",
  "Follow",
  "Like",
  "Move",
  "Reject",
  "Undo",
  "Update",
]);

/** Where verified public keys are kept, apart from Fedify's own key cache. */
const KEY_PREFIX = ["outloud", "inboxKey"] as const;
/** A key is fetched again after this long, so a replaced key stops working within it. */
const KEY_TTL = Temporal.Duration.from({ hours: 1 });
/** Fedify's wait before asking again for a key that could not be fetched. */
const MISSING_KEY_TTL = Temporal.Duration.from({ minutes: 10 });

/** A key document is fetched fresh at most this often (per process); otherwise from the cache. */
const FRESH_FETCH_INTERVAL_MS = 30_000;
const FRESH_FETCHES_KEPT = 10_000;

type VerifyOptions = NonNullable<Parameters<typeof verifyRequest>[1]>;
type KeyCache = NonNullable<VerifyOptions["keyCache"]>;

interface FastPath {
  origin: string;
  /** What `verifyRequest` needs: our key cache and the guarded, signing loaders. */
  verify: Pick<VerifyOptions, "keyCache" | "documentLoader" | "contextLoader">;
}

const paths = new WeakMap<Ctx, FastPath>();

function fastPathFor(ctx: Ctx): FastPath {
  let path = paths.get(ctx);
  if (path) return path;
  // Kept in this process's memory for up to a minute too: a key that fails is fetched again.
  const kv = postgresKvStore(ctx, { memoPrefixes: [KEY_PREFIX] });
  const keyOf = (keyId: URL) => [...KEY_PREFIX, keyId.href] as const;
  const { contextLoader, documentLoader } = federationContext(ctx);
  const keyCache: KeyCache = {
    async get(keyId) {
      const stored = await kv.get<unknown>(keyOf(keyId));
      if (stored === undefined) return undefined;
      if (stored === null) return null;
      // Parsed once per process for the same document (parse-memos.ts).
      return CryptographicKey.fromJsonLd(stored, { contextLoader }).catch(() => undefined);
    },
    async set(keyId, key) {
      if (key === null) {
        await kv.set(keyOf(keyId), null, { ttl: MISSING_KEY_TTL });
      } else if (key instanceof CryptographicKey) {
        const json = await key.toJsonLd();
        // A forged signature refetches the same key: no write for each such POST.
        const stored = await kv.get<unknown>(keyOf(keyId));
        if (JSON.stringify(stored) === JSON.stringify(json)) return;
        await kv.set(keyOf(keyId), json, { ttl: KEY_TTL });
      }
    },
  };
  path = {
    origin: new URL(ctx.config.publicUrl).origin,
    verify: {
      keyCache,
      documentLoader: keyLoader(ctx, documentLoader),
      contextLoader,
    },
  };
  paths.set(ctx, path);
  return path;
}

/**
 * How key documents are fetched: fresh, not from the five-minute document
 * cache, so a rotated key works at once (a key that stops verifying is
 * fetched again: Fedify retries once). The key cache spares the fetches; and
 * a key id is fetched fresh at most every 30 seconds, so forged POSTs naming
 * someone's key cannot make us hammer their server (those get the cache).
 */
function keyLoader(ctx: Ctx, cached: DocumentLoader): DocumentLoader {
  const fresh = freshDocumentLoader(ctx);
  const fetchedAt = new Map<string, number>();
  return (url, options) => {
    const now = Date.now();
    const last = fetchedAt.get(url);
    if (last !== undefined && now - last < FRESH_FETCH_INTERVAL_MS) return cached(url, options);
    fetchedAt.delete(url);
    fetchedAt.set(url, now);
    if (fetchedAt.size > FRESH_FETCHES_KEPT) {
      const oldest = fetchedAt.keys().next().value;
      if (oldest !== undefined) fetchedAt.delete(oldest);
    }
    return fresh(url, options);
  };
}

/** The activity's actor (an absolute URL), when the body has the plain shape the fast path handles. */
function plainActivityActor(body: unknown): string | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const activity = body as Record<string, unknown>;
  // Without a context it is not JSON-LD: Fedify refuses it (400) in the request.
  if (!("@context" in activity)) return null;
  // Signed documents are Fedify's to normalise and verify.
  if ("signature" in activity || "proof" in activity) return null;
  if (typeof activity.id !== "string" || typeof activity.type !== "string") return null;
  if (!LISTENED.has(activity.type)) return null;
  const actor = actorIdOf(activity);
  if (actor === null || !URL.canParse(actor)) return null;
  // As Fedify reads it (a key's owner is a URL too): `HTTPS://Example.org/a` is `https://example.org/a`.
  return new URL(actor).href;
}

/**
 * Queues a shared-inbox POST whose signature verifies and answers 202, or
 * returns null for Fedify to handle it.
 */
export async function acceptOnFastPath(ctx: Ctx, post: ReceivedPost): Promise<Response | null> {
  if (new URL(post.url).pathname !== federationPaths.sharedInbox) return null;
  if (!post.headers.has("signature") && !post.headers.has("signature-input")) return null;
  const actor = plainActivityActor(post.body);
  if (!actor) return null;
  const path = fastPathFor(ctx);
  const key = await verifyRequest(post.request(), path.verify).catch(() => null);
  if (!key?.ownerId || key.ownerId.href !== actor) return null;
  await postgresMessageQueue(ctx).enqueue({
    // Fedify's own shape for a received activity, as its inbox handler queues it.
    type: "inbox",
    id: randomUUID(),
    baseUrl: path.origin,
    activity: post.body,
    identifier: null,
    attempt: 0,
    started: new Date().toISOString(),
    traceContext: {},
    [SIGNED_BY]: key.ownerId.href,
  });
  return new Response("", {
    status: 202,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}
