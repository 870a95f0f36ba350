import { randomBytes } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { accessTokens } from "../../db/schema/api.ts";
import { currentUserColumns, hashToken } from "../accounts/sessions.ts";
import type { Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { preparedOn } from "./prepared-queries.ts";

/** Who a bearer token speaks for and what it may do. */
export interface ApiToken {
  readonly id: string;
  readonly appId: string | null;
  readonly scopes: readonly string[];
  /** The member, or null for an app's client-credentials token. */
  readonly user: CurrentUser | null;
}

/** Writes a new token and returns its secret value (shown once, stored hashed). */
export async function issueToken(
  ctx: Ctx,
  input: { appId: string | null; userId: string | null; scopes: readonly string[]; name?: string },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const id = newId();
  await ctx.db.insert(accessTokens).values({
    id,
    tokenHash: hashToken(token),
    appId: input.appId,
    userId: input.userId,
    scopes: [...input.scopes],
    name: input.name ?? "",
    createdAt: ctx.now(),
  });
  return { id, token };
}

/** The token a request presents, or null when it is unknown or revoked. */
export async function tokenFromBearer(ctx: Ctx, bearer: string): Promise<ApiToken | null> {
  if (bearer.length === 0 || bearer.length > 200) return null;
  // Every API request asks: built once, run as a prepared statement (prepared-queries.ts).
  const query = preparedOn(ctx.db, "token-from-bearer", () =>
    ctx.db
      .select({
        id: accessTokens.id,
        appId: accessTokens.appId,
        scopes: accessTokens.scopes,
        lastUsedAt: accessTokens.lastUsedAt,
        user: currentUserColumns,
      })
      .from(accessTokens)
      .leftJoin(users, eq(users.id, accessTokens.userId))
      .leftJoin(actors, eq(actors.id, users.actorId))
      .where(eq(accessTokens.tokenHash, sql.placeholder("hash")))
      .limit(1)
      .prepare("token_from_bearer"),
  );
  const [row] = await query.execute({ hash: hashToken(bearer) });
  if (!row) return null;
  // "Last used" to the hour is enough for the settings page, and spares a write per request.
  const now = ctx.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 3_600_000) {
    await ctx.db.update(accessTokens).set({ lastUsedAt: now }).where(eq(accessTokens.id, row.id));
  }
  const user = row.user.userId && row.user.actorId ? (row.user as CurrentUser) : null;
  return { id: row.id, appId: row.appId, scopes: row.scopes, user };
}

/** Revokes one token; a member may revoke only their own. Returns whether one went. */
export async function revokeToken(ctx: Ctx, tokenId: string, userId: string): Promise<boolean> {
  const rows = await ctx.db
    .delete(accessTokens)
    .where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId)))
    .returning({ id: accessTokens.id });
  return rows.length > 0;
}
