import type { Config } from "../../config.ts";
import { domainBlocks } from "../../db/schema/social.ts";
import type { Ctx } from "../context.ts";

/**
 * The inbox asks for every POST whether its sender's server is blocked, so
 * the list lives in memory: reloaded after a block changes in this process
 * at once, and at most `TTL_MS` later for a change made by another process.
 * Keyed by config, as one test process may run several instances.
 */
const TTL_MS = 10_000;

interface Cached {
  domains: Promise<readonly string[]>;
  loadedAt: number;
}

const caches = new WeakMap<Config, Cached>();

function load(ctx: Ctx): Cached {
  const domains = ctx.db
    .select({ domain: domainBlocks.domain })
    .from(domainBlocks)
    .then((rows) => rows.map((r) => r.domain));
  const cached = { domains, loadedAt: Date.now() };
  caches.set(ctx.config, cached);
  // A failed load is not kept: the next question tries again.
  domains.catch(() => caches.get(ctx.config) === cached && caches.delete(ctx.config));
  return cached;
}

/** The blocked domains, from memory when fresh. */
export function blockedDomainList(ctx: Ctx): Promise<readonly string[]> {
  const cached = caches.get(ctx.config);
  if (cached && Date.now() - cached.loadedAt < TTL_MS) return cached.domains;
  return load(ctx).domains;
}

/** Drops the cached list (after a block or unblock committed). */
export function forgetDomainBlocks(ctx: Ctx): void {
  caches.delete(ctx.config);
}
