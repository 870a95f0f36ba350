import { createExponentialBackoffPolicy, createFederation, type Federation } from "@fedify/fedify";
import type { Ctx } from "../domain/context.ts";
import {
  FEDIFY_CACHE_PREFIXES,
  postgresKvStore,
  postgresMessageQueue,
  withDeliveryMemo,
} from "../domain/federation/index.ts";
import { setupActors } from "./actors.ts";
import { setupCollections } from "./collections.ts";
import { setupInbox } from "./inbox/index.ts";
import { setupInstanceActor } from "./instance-actor.ts";
import { setupNodeInfo } from "./nodeinfo.ts";
import { setupObjects } from "./objects.ts";
import { setupReactionObjects } from "./outgoing-social.ts";
import { installParseMemos } from "./parse-memos.ts";
import { SUBSCRIBE_REL } from "./remote-follow.ts";
import { allowPrivateDelivery, safeLoaderFactories } from "./safe-document-loader.ts";

function build(ctx: Ctx): Federation<Ctx> {
  // Inbox POSTs parse a known key, and their activity, once (docs/adr/0025).
  installParseMemos();
  // Fedify's cache of fetched documents answers from memory: no round trip per inbox POST.
  // withDeliveryMemo: fewer round trips per delivery (docs/adr/0020-federation-lanes-lease-in-groups.md).
  const kv = withDeliveryMemo(postgresKvStore(ctx, { memoPrefixes: FEDIFY_CACHE_PREFIXES }));
  const federation = createFederation<Ctx>({
    kv,
    queue: postgresMessageQueue(ctx),
    // Our job worker runs Fedify's messages (src/federation/jobs.ts): Fedify never polls.
    manuallyStartQueue: true,
    // Each inbox is retried on its own: exponential backoff with jitter, for about two
    // days (1 min, 2, 4 … 12 h); 404 and 410 are permanent (Fedify's default), and a
    // host that keeps failing has its deliveries held (Fedify's circuit breaker).
    // docs/adr/0014-federation-delivery.md
    outboxRetryPolicy: createExponentialBackoffPolicy({
      initialDelay: { minutes: 1 },
      maxDelay: { hours: 12 },
      maxAttempts: 12,
    }),
    origin: ctx.config.publicUrl,
    // Every document fetch (actors, keys, objects, signed ones too) goes through our
    // SSRF guard (src/media/safe-fetch.ts), which allows private addresses only with
    // FEDERATION_ALLOW_PRIVATE_ADDRESS=true (tests on loopback).
    ...safeLoaderFactories(ctx, kv),
  });
  if (ctx.config.federationAllowPrivateAddress) allowPrivateDelivery(federation);
  setupActors(federation);
  setupObjects(federation);
  setupReactionObjects(federation);
  setupCollections(federation);
  setupInbox(federation);
  setupNodeInfo(federation);
  setupInstanceActor(federation);
  // Readers on other servers can follow or reply from an Outloud page: their
  // server opens our /authorize_interaction (the "subscribe" relation).
  federation.setWebFingerLinksDispatcher(() => [
    { rel: SUBSCRIBE_REL, template: `${ctx.config.publicUrl}/authorize_interaction?uri={uri}` },
  ]);
  return federation;
}

const built = new WeakMap<Ctx, Federation<Ctx>>();

/**
 * The one Fedify instance of a runtime, built on first use: the web
 * middleware and the job handlers (wired in src/boot.ts) share it.
 */
export function federationFor(ctx: Ctx): Federation<Ctx> {
  let federation = built.get(ctx);
  if (!federation) {
    federation = build(ctx);
    built.set(ctx, federation);
  }
  return federation;
}

/** A Fedify context outside any request (jobs), for our own origin. */
export function federationContext(ctx: Ctx) {
  return federationFor(ctx).createContext(new URL(ctx.config.publicUrl), ctx);
}
