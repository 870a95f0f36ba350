import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { actors, follows } from "../../db/schema/accounts.ts";
import { isLocalHandle } from "../accounts/members.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";

/**
 * Finds an account by `acct` ("alice", "alice@this.host" or "bob@remote.host")
 * among the actors this server keeps; null when unknown.
 */
export async function accountIdByAcct(ctx: Ctx, acct: string): Promise<string | null> {
  const value = acct.trim().replace(/^@/, "");
  if (value.length === 0 || value.length > 300) return null;
  const [handle = "", host] = value.split("@");
  const ourHost = new URL(ctx.config.publicUrl).host.toLowerCase();
  const where =
    !host || host.toLowerCase() === ourHost
      ? isLocalHandle(handle)
      : sql`lower(${actors.handle}) = lower(${handle}) and lower(${actors.host}) = lower(${host})`;
  const [row] = await ctx.db.select({ id: actors.id }).from(actors).where(where).limit(1);
  return row?.id ?? null;
}

export interface FollowPage {
  maxId: string | null;
  sinceId: string | null;
  minId: string | null;
  limit: number;
}

/**
 * One page of an actor's followers (`side` "followers") or follows
 * ("following"), accepted only, newest follow first. Page cursors are the
 * other account's id: the position is that follow's time.
 */
export async function followListIds(
  ctx: Ctx,
  actorId: string,
  side: "followers" | "following",
  page: FollowPage,
): Promise<string[]> {
  if (!isUuid(actorId)) return [];
  const self = side === "followers" ? follows.followedId : follows.followerId;
  const other = side === "followers" ? follows.followerId : follows.followedId;
  const position = sql`(${follows.createdAt}, ${other})`;
  const [selfColumn, otherColumn] =
    side === "followers" ? ["followed_id", "follower_id"] : ["follower_id", "followed_id"];
  // Null when that follow is gone: the page is then empty, never wrong.
  const cursor = (id: string) => sql`(select f.created_at, f.${sql.identifier(otherColumn)}
    from follows f where f.${sql.identifier(selfColumn)} = ${actorId}
    and f.${sql.identifier(otherColumn)} = ${id})`;
  const conditions: SQL[] = [eq(self, actorId), eq(follows.state, "accepted")];
  if (page.maxId && isUuid(page.maxId)) conditions.push(sql`${position} < ${cursor(page.maxId)}`);
  const newerThan = page.minId ?? page.sinceId;
  if (newerThan && isUuid(newerThan)) conditions.push(sql`${position} > ${cursor(newerThan)}`);
  // min_id walks forward from the cursor: read oldest first, then turn the page around.
  const forward = page.minId !== null && isUuid(page.minId);
  const rows = await ctx.db
    .select({ id: other })
    .from(follows)
    .where(and(...conditions))
    .orderBy(...(forward ? [follows.createdAt, other] : [desc(follows.createdAt), desc(other)]))
    .limit(page.limit);
  const ids = rows.map((r) => r.id);
  return forward ? ids.reverse() : ids;
}

/** The tags an actor features on their profile. */
export async function featuredTagsOf(ctx: Ctx, actorId: string): Promise<string[]> {
  if (!isUuid(actorId)) return [];
  const [row] = await ctx.db
    .select({ tags: actors.featuredTags })
    .from(actors)
    .where(eq(actors.id, actorId));
  return row?.tags ?? [];
}
