import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { actors, users } from "../../db/schema/accounts.ts";
import { domainBlocks as blockedDomains } from "../../db/schema/social.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid, notFound } from "../errors.ts";
import type { CurrentUser } from "../viewer.ts";
import { requireModerator } from "./admin.ts";
import { blockedDomainList, forgetDomainBlocks } from "./domain-block-cache.ts";

/** A host name, with an optional port (loopback test instances have one). */
const DOMAIN =
  /^(?=.{1,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;

/** What the admin typed, as a lower-case host: a pasted URL or `@user@host` works too. */
export function normalizeDomain(text: string): string {
  let value = text.trim().toLowerCase();
  if (/^https?:\/\//.test(value)) {
    try {
      value = new URL(value).host;
    } catch {
      return value;
    }
  }
  return value.replace(/^.*@/, "").replace(/\.$/, "");
}

const blockSchema = z.object({
  domain: z
    .string()
    .transform(normalizeDomain)
    .refine((d) => DOMAIN.test(d), "Enter a server name like spam.example"),
  reason: z.string().trim().max(500, "Use at most 500 characters").default(""),
});

/**
 * A condition on a host column: the host is `domain`, ends in `.domain`, or
 * is `domain` with a port. A block of a domain covers its subdomains.
 */
function hostWithin(host: unknown, domain: string) {
  const bare = sql`split_part(${host}, ':', 1)`;
  return sql`(${host} = ${domain} or ${bare} = ${domain} or ${bare} like ${`%.${domain.replace(/[\\%_]/g, "\\$&")}`})`;
}

/** Whether `host` (maybe with a port) falls under a block of `domain`. */
export function hostMatchesDomain(host: string, domain: string): boolean {
  const full = host.toLowerCase().replace(/\.$/, "");
  const bare = full.replace(/:\d+$/, "");
  return full === domain || bare === domain || bare.endsWith(`.${domain}`);
}

/**
 * Blocks a server: its activities are dropped at the inbox (`isDomainBlocked`)
 * and every follow between its accounts and ours ends now, both ways.
 * Blocking again updates the reason.
 */
export async function blockDomain(
  ctx: Ctx,
  admin: CurrentUser | null,
  input: { domain: string; reason?: string },
): Promise<{ domain: string }> {
  requireModerator(admin);
  const data = parseInput(blockSchema, input);
  if (data.domain === new URL(ctx.config.publicUrl).host.toLowerCase()) {
    throw invalid("That is this server.", { domain: "You cannot block this server itself" });
  }
  await transactional(ctx, async (tx) => {
    await tx.db
      .insert(blockedDomains)
      .values({
        domain: data.domain,
        reason: data.reason,
        createdBy: admin.userId,
        createdAt: tx.now(),
      })
      .onConflictDoUpdate({ target: blockedDomains.domain, set: { reason: data.reason } });
    await tx.db.execute(sql`delete from follows where follower_id in (
        select id from actors where host is not null and ${hostWithin(sql`host`, data.domain)})
      or followed_id in (
        select id from actors where host is not null and ${hostWithin(sql`host`, data.domain)})`);
    tx.afterCommit(() => forgetDomainBlocks(ctx));
  });
  return { domain: data.domain };
}

export async function unblockDomain(
  ctx: Ctx,
  admin: CurrentUser | null,
  domain: string,
): Promise<void> {
  requireModerator(admin);
  const normalized = normalizeDomain(domain);
  await transactional(ctx, async (tx) => {
    const removed = await tx.db
      .delete(blockedDomains)
      .where(eq(blockedDomains.domain, normalized))
      .returning({ domain: blockedDomains.domain });
    if (removed.length === 0) throw notFound("That server is not blocked.");
    tx.afterCommit(() => forgetDomainBlocks(ctx));
  });
}

export interface DomainBlockView {
  domain: string;
  reason: string;
  createdAt: Date;
  /** Handle of the admin who added it, while they have an account. */
  createdBy: string | null;
}

/** Every blocked server, by name (the admin page). */
export async function domainBlocks(
  ctx: Ctx,
  admin: CurrentUser | null,
): Promise<DomainBlockView[]> {
  requireModerator(admin);
  return ctx.db
    .select({
      domain: blockedDomains.domain,
      reason: blockedDomains.reason,
      createdAt: blockedDomains.createdAt,
      createdBy: actors.handle,
    })
    .from(blockedDomains)
    .leftJoin(users, eq(users.id, blockedDomains.createdBy))
    .leftJoin(actors, eq(actors.id, users.actorId))
    .orderBy(asc(blockedDomains.domain));
}

/**
 * Whether `host` (an activity's sender, maybe with a port) is on a blocked
 * server or one of its subdomains. Answered from memory: the inbox calls it
 * for every request, before parsing anything.
 */
export async function isDomainBlocked(ctx: Ctx, host: string): Promise<boolean> {
  const domains = await blockedDomainList(ctx);
  return domains.some((domain) => hostMatchesDomain(host, domain));
}
