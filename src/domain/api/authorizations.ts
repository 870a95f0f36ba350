import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { actors, users } from "../../db/schema/accounts.ts";
import { accessTokens, oauthApps, oauthCodes } from "../../db/schema/api.ts";
import { isLocalHandle, parseInput } from "../accounts/members.ts";
import { currentUserColumns } from "../accounts/sessions.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { parseScopes, scopesWithin, unknownScopes } from "./scopes.ts";
import { issueToken } from "./tokens.ts";

/** An app the member let act for them, with every token it holds merged. */
export interface AuthorizedApp {
  appId: string;
  name: string;
  website: string | null;
  scopes: string[];
  authorizedAt: Date;
  lastUsedAt: Date | null;
}

/** A personal access token, as the settings page lists it (never its value). */
export interface PersonalToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The apps holding tokens for the member, most recently authorized first. */
export async function authorizedApps(ctx: Ctx, user: CurrentUser): Promise<AuthorizedApp[]> {
  const rows = await ctx.db
    .select({
      appId: oauthApps.id,
      name: oauthApps.name,
      website: oauthApps.website,
      scopes: accessTokens.scopes,
      createdAt: accessTokens.createdAt,
      lastUsedAt: accessTokens.lastUsedAt,
    })
    .from(accessTokens)
    .innerJoin(oauthApps, eq(oauthApps.id, accessTokens.appId))
    .where(eq(accessTokens.userId, user.userId))
    .orderBy(desc(accessTokens.createdAt));
  // An app may hold several tokens (one per sign-in): the member sees it once.
  const apps = new Map<string, AuthorizedApp>();
  for (const row of rows) {
    const app = apps.get(row.appId);
    if (!app) {
      const { createdAt, ...rest } = row;
      apps.set(row.appId, { ...rest, scopes: [...row.scopes], authorizedAt: createdAt });
      continue;
    }
    app.scopes = [...new Set([...app.scopes, ...row.scopes])];
    if (row.lastUsedAt && (!app.lastUsedAt || row.lastUsedAt > app.lastUsedAt)) {
      app.lastUsedAt = row.lastUsedAt;
    }
  }
  return [...apps.values()];
}

/**
 * Whether the member already let this app act for them with at least these
 * scopes: one token of the app's that covers every scope asked. Then the
 * consent page has nothing new to ask (as Mastodon skips it); revoking the
 * app in settings removes its tokens, and with them this shortcut.
 */
export async function alreadyAuthorized(
  ctx: Ctx,
  user: CurrentUser,
  appId: string,
  scopes: readonly string[],
): Promise<boolean> {
  const rows = await ctx.db
    .select({ scopes: accessTokens.scopes })
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, user.userId), eq(accessTokens.appId, appId)));
  return rows.some((row) => scopesWithin(scopes, row.scopes));
}

/** Takes every token and pending code of an app away from the member. */
export async function revokeAppAuthorization(
  ctx: Ctx,
  user: CurrentUser,
  appId: string,
): Promise<void> {
  if (!isUuid(appId)) throw notFound();
  await transactional(ctx, async (tx) => {
    await tx.db
      .delete(accessTokens)
      .where(and(eq(accessTokens.userId, user.userId), eq(accessTokens.appId, appId)));
    await tx.db
      .delete(oauthCodes)
      .where(and(eq(oauthCodes.userId, user.userId), eq(oauthCodes.appId, appId)));
  });
}

/** The member's personal access tokens, newest first. */
export async function personalTokens(ctx: Ctx, user: CurrentUser): Promise<PersonalToken[]> {
  return ctx.db
    .select({
      id: accessTokens.id,
      name: accessTokens.name,
      scopes: accessTokens.scopes,
      createdAt: accessTokens.createdAt,
      lastUsedAt: accessTokens.lastUsedAt,
    })
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, user.userId), isNull(accessTokens.appId)))
    .orderBy(desc(accessTokens.createdAt), desc(accessTokens.id));
}

const tokenSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name").max(100, "Use at most 100 characters"),
  scopes: z
    .array(z.string().max(50))
    .min(1, "Choose at least one permission")
    .refine((s) => unknownScopes(s).length === 0, "Choose permissions from the list"),
});

/**
 * Creates a personal access token for scripts and apps without OAuth.
 * Returns its value: shown once, stored hashed.
 */
export async function createPersonalToken(
  ctx: Ctx,
  user: CurrentUser,
  input: { name?: string; scopes?: string[] | string },
): Promise<{ id: string; token: string; scopes: string[] }> {
  const scopes = Array.isArray(input.scopes) ? input.scopes : parseScopes(input.scopes);
  const data = parseInput(tokenSchema, { name: input.name ?? "", scopes: [...new Set(scopes)] });
  const issued = await issueToken(ctx, {
    appId: null,
    userId: user.userId,
    scopes: data.scopes,
    name: data.name,
  });
  return { ...issued, scopes: data.scopes };
}

/** The local member with this handle, for the CLI (`outloud token create --handle`). */
export async function memberByHandle(ctx: Ctx, handle: string): Promise<CurrentUser> {
  const [row] = await ctx.db
    .select(currentUserColumns)
    .from(actors)
    .innerJoin(users, eq(users.actorId, actors.id))
    .where(isLocalHandle(handle.replace(/^@/, "")))
    .limit(1);
  if (!row) throw invalid(`There is no member @${handle.replace(/^@/, "")}.`);
  return row;
}
