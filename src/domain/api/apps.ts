import { randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { oauthApps } from "../../db/schema/api.ts";
import { hashToken } from "../accounts/sessions.ts";
import type { Ctx } from "../context.ts";
import { invalid } from "../errors.ts";
import { newId } from "../ids.ts";
import { parseScopes, unknownScopes } from "./scopes.ts";

/** The redirect URI of apps that show the code to the member to copy (no web callback). */
export const OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob";

/**
 * An absolute URI without a fragment: web callbacks, an app's own scheme
 * (`myapp://callback`), or the out-of-band URN. Script-bearing schemes never.
 */
function redirectUriProblem(uri: string): string | null {
  if (uri === OOB_REDIRECT) return null;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "must be an absolute URI";
  }
  if (url.hash) return "must not contain a fragment";
  if (["javascript:", "data:", "vbscript:", "file:"].includes(url.protocol)) {
    return "uses a scheme that is not allowed";
  }
  return null;
}

const text = (max: number) => z.string().trim().max(max);

const appSchema = z.object({
  client_name: text(200).min(1, "can't be blank"),
  redirect_uris: z
    .union([z.string(), z.array(z.string())], "can't be blank")
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(/\r?\n/)).map((u) => u.trim()).filter(Boolean),
    )
    .pipe(z.array(z.string().max(2000)).min(1, "can't be blank").max(10, "are too many")),
  scopes: text(1000).optional(),
  website: z.union([z.url({ protocol: /^https?$/ }).max(2000), z.literal("")]).optional(),
});

export interface RegisteredApp extends OAuthApp {
  /** Shown once, at registration; only its hash is kept. */
  clientSecret: string;
}

/** Registers a client application (`POST /api/v1/apps`). */
export async function registerApp(ctx: Ctx, input: unknown): Promise<RegisteredApp> {
  const parsed = appSchema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${String(issue.path[0] ?? "request")} ${issue.message}`);
    }
  }
  const data = parsed.success ? parsed.data : null;
  for (const uri of data?.redirect_uris ?? []) {
    const problem = redirectUriProblem(uri);
    if (problem) problems.push(`redirect_uri ${problem}`);
  }
  const scopes = parseScopes(data?.scopes || "read");
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) problems.push(`scopes ${unknown.join(", ")} are not known`);
  if (!data || problems.length > 0) {
    throw invalid(`Validation failed: ${problems.join(", ")}`);
  }
  const clientId = randomBytes(32).toString("base64url");
  const clientSecret = randomBytes(32).toString("base64url");
  const app = {
    id: newId(),
    name: data.client_name,
    website: data.website || null,
    redirectUris: data.redirect_uris,
    scopes,
    clientId,
  };
  await ctx.db.insert(oauthApps).values({
    ...app,
    clientSecretHash: hashToken(clientSecret),
    createdAt: ctx.now(),
  });
  return { ...app, clientSecret };
}

export interface OAuthApp {
  id: string;
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
  clientId: string;
}

const appColumns = {
  id: oauthApps.id,
  name: oauthApps.name,
  website: oauthApps.website,
  redirectUris: oauthApps.redirectUris,
  scopes: oauthApps.scopes,
  clientId: oauthApps.clientId,
  clientSecretHash: oauthApps.clientSecretHash,
};

async function appRow(ctx: Ctx, clientId: string) {
  if (clientId.length === 0 || clientId.length > 200) return null;
  const [row] = await ctx.db
    .select(appColumns)
    .from(oauthApps)
    .where(eq(oauthApps.clientId, clientId))
    .limit(1);
  return row ?? null;
}

/** The app with this client id (the authorization page needs no secret), or null. */
export async function appByClientId(ctx: Ctx, clientId: string): Promise<OAuthApp | null> {
  const row = await appRow(ctx, clientId);
  if (!row) return null;
  const { clientSecretHash: _, ...app } = row;
  return app;
}

/** The app when the client id and secret match (compared in constant time), else null. */
export async function authenticateApp(
  ctx: Ctx,
  clientId: string,
  clientSecret: string,
): Promise<OAuthApp | null> {
  const row = await appRow(ctx, clientId);
  if (!row || clientSecret.length === 0 || clientSecret.length > 200) return null;
  const presented = Buffer.from(hashToken(clientSecret));
  const stored = Buffer.from(row.clientSecretHash);
  if (presented.length !== stored.length || !timingSafeEqual(presented, stored)) return null;
  const { clientSecretHash: _, ...app } = row;
  return app;
}

/** The app by our id (for `apps/verify_credentials`), or null. */
export async function appById(ctx: Ctx, id: string): Promise<OAuthApp | null> {
  const [row] = await ctx.db.select(appColumns).from(oauthApps).where(eq(oauthApps.id, id));
  if (!row) return null;
  const { clientSecretHash: _, ...app } = row;
  return app;
}
