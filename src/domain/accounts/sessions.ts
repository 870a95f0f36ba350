import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import { actors, sessions, users } from "../../db/schema/accounts.ts";
import type { Ctx } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";

export const SESSION_DAYS = 30;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Starts a session; the returned token goes into the cookie and nowhere else. */
export async function createSession(ctx: Ctx, userId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await ctx.db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: ctx.now(),
    expiresAt: new Date(ctx.now().getTime() + SESSION_DAYS * 86_400_000),
  });
  return token;
}

/** The columns that make a CurrentUser, for every query that signs someone in. */
export const currentUserColumns = {
  userId: users.id,
  actorId: actors.id,
  handle: actors.handle,
  displayName: actors.displayName,
  role: users.role,
};

/** The member a session token belongs to, or null when it is unknown or expired. */
export async function userForSession(ctx: Ctx, token: string): Promise<CurrentUser | null> {
  if (token.length === 0 || token.length > 100) return null;
  const [row] = await ctx.db
    .select(currentUserColumns)
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(actors, eq(actors.id, users.actorId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, ctx.now())))
    .limit(1);
  return row ?? null;
}

export async function endSession(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}
