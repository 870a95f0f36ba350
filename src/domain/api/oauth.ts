import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { z } from "zod";
import { accessTokens, oauthCodes } from "../../db/schema/api.ts";
import { hashToken } from "../accounts/sessions.ts";
import { type Ctx, transactional } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import { appByClientId, authenticateApp, type OAuthApp, OOB_REDIRECT } from "./apps.ts";
import { parseScopes, scopesWithin, unknownScopes } from "./scopes.ts";
import { issueToken } from "./tokens.ts";

/** How long an authorization code may wait for its exchange. */
export const CODE_LIFETIME_MS = 10 * 60_000;

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope"
  | "access_denied";

/** An error in OAuth 2's own terms (RFC 6749 §5.2); the edge answers `{error, error_description}`. */
export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  /** Where an authorization request's error goes back to the client (RFC 6749 §4.1.2.1). */
  readonly redirect: { redirectUri: string; state: string | null } | null;
  constructor(
    code: OAuthErrorCode,
    description: string,
    redirect: { redirectUri: string; state: string | null } | null = null,
  ) {
    super(description);
    this.name = "OAuthError";
    this.code = code;
    this.redirect = redirect;
  }
}

/** A checked authorization request, as the consent page shows it and the code records it. */
export interface AuthorizationRequest {
  app: OAuthApp;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | "plain" | null;
}

/**
 * Problems found before we may talk back to the client (unknown app, a
 * redirect URI it did not register): shown on a page, never redirected.
 */
export class UntrustedRedirect extends Error {}

const requestSchema = z.object({
  response_type: z.string().max(50).optional(),
  client_id: z.string().max(200).optional(),
  redirect_uri: z.string().max(2000).optional(),
  scope: z.string().max(1000).optional(),
  state: z.string().max(2000).optional(),
  code_challenge: z.string().max(200).optional(),
  code_challenge_method: z.string().max(20).optional(),
});

/**
 * Checks `GET /oauth/authorize`'s parameters. Throws `UntrustedRedirect`
 * when the client or its redirect URI cannot be trusted, `OAuthError` for
 * problems the client should hear about at its redirect URI.
 */
export async function checkAuthorizationRequest(
  ctx: Ctx,
  params: Record<string, unknown>,
): Promise<AuthorizationRequest> {
  const parsed = requestSchema.safeParse(params);
  if (!parsed.success) throw new UntrustedRedirect("The authorization request is malformed.");
  const q = parsed.data;
  const app = q.client_id ? await appByClientId(ctx, q.client_id) : null;
  if (!app) throw new UntrustedRedirect("No application is registered with that client id.");
  // Only an app with exactly one redirect URI may leave it out (RFC 6749 §3.1.2.3).
  const redirectUri = q.redirect_uri ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : "");
  if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
    throw new UntrustedRedirect("The redirect URI is not one this application registered.");
  }
  const base = { app, redirectUri, state: q.state ?? null };
  if (q.response_type !== "code") {
    throw new OAuthError("unsupported_response_type", "Only response_type=code", base);
  }
  const scopes = parseScopes(q.scope || app.scopes.join(" "));
  if (unknownScopes(scopes).length > 0 || !scopesWithin(scopes, app.scopes)) {
    throw new OAuthError(
      "invalid_scope",
      "The requested scope is invalid, unknown, or malformed.",
      base,
    );
  }
  let method: "S256" | "plain" | null = null;
  if (q.code_challenge) {
    method = q.code_challenge_method === undefined ? "plain" : null;
    if (q.code_challenge_method === "S256" || q.code_challenge_method === "plain") {
      method = q.code_challenge_method;
    }
    if (!method || !/^[A-Za-z0-9._~-]{43,128}$/.test(q.code_challenge)) {
      throw new OAuthError(
        "invalid_request",
        "The code challenge or its method is not supported.",
        base,
      );
    }
  }
  return { ...base, scopes, codeChallenge: q.code_challenge ?? null, codeChallengeMethod: method };
}

/** The member approved: a single-use code (stored hashed), to send back to the client. */
export async function grantAuthorizationCode(
  ctx: Ctx,
  user: CurrentUser,
  request: AuthorizationRequest,
): Promise<string> {
  const code = randomBytes(32).toString("base64url");
  // Codes never exchanged expire unused: sweep them as new ones are made.
  await ctx.db.delete(oauthCodes).where(lt(oauthCodes.expiresAt, ctx.now()));
  await ctx.db.insert(oauthCodes).values({
    codeHash: hashToken(code),
    appId: request.app.id,
    userId: user.userId,
    redirectUri: request.redirectUri,
    scopes: request.scopes,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    expiresAt: new Date(ctx.now().getTime() + CODE_LIFETIME_MS),
    createdAt: ctx.now(),
  });
  return code;
}

function verifierMatches(challenge: string, method: string | null, verifier: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const derived =
    method === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
  const a = Buffer.from(derived);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface IssuedToken {
  accessToken: string;
  scopes: string[];
  createdAt: Date;
}

export interface TokenRequest {
  grantType: string;
  clientId: string;
  clientSecret: string;
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
  scope?: string;
}

async function exchangeCode(ctx: Ctx, app: OAuthApp, input: TokenRequest): Promise<IssuedToken> {
  if (!input.code || input.code.length > 200) {
    throw new OAuthError("invalid_request", "The code parameter is missing.");
  }
  const code = input.code;
  return transactional(ctx, async (tx) => {
    // Deleted as it is read: a code works once, even when two exchanges race.
    const [row] = await tx.db
      .delete(oauthCodes)
      .where(and(eq(oauthCodes.codeHash, hashToken(code)), gt(oauthCodes.expiresAt, tx.now())))
      .returning();
    const invalidGrant = new OAuthError(
      "invalid_grant",
      "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
    );
    if (!row || row.appId !== app.id) throw invalidGrant;
    if (input.redirectUri !== undefined && input.redirectUri !== row.redirectUri)
      throw invalidGrant;
    if (row.codeChallenge) {
      if (!input.codeVerifier) {
        throw new OAuthError("invalid_grant", "The code verifier is missing (PKCE).");
      }
      if (!verifierMatches(row.codeChallenge, row.codeChallengeMethod, input.codeVerifier)) {
        throw new OAuthError("invalid_grant", "The code verifier does not match the challenge.");
      }
    }
    const { token } = await issueToken(tx, {
      appId: app.id,
      userId: row.userId,
      scopes: row.scopes,
    });
    return { accessToken: token, scopes: row.scopes, createdAt: tx.now() };
  });
}

async function clientCredentials(
  ctx: Ctx,
  app: OAuthApp,
  input: TokenRequest,
): Promise<IssuedToken> {
  const scopes = parseScopes(input.scope || "read");
  if (unknownScopes(scopes).length > 0 || !scopesWithin(scopes, app.scopes)) {
    throw new OAuthError("invalid_scope", "The requested scope is invalid, unknown, or malformed.");
  }
  const { token } = await issueToken(ctx, { appId: app.id, userId: null, scopes });
  return { accessToken: token, scopes, createdAt: ctx.now() };
}

/** `POST /oauth/token`: authenticates the client, then exchanges the grant. */
export async function issueOAuthToken(ctx: Ctx, input: TokenRequest): Promise<IssuedToken> {
  if (input.grantType !== "authorization_code" && input.grantType !== "client_credentials") {
    throw new OAuthError(
      input.grantType ? "unsupported_grant_type" : "invalid_request",
      input.grantType
        ? "The authorization grant type is not supported by the authorization server."
        : "The grant_type parameter is missing.",
    );
  }
  const app = await authenticateApp(ctx, input.clientId, input.clientSecret);
  if (!app) {
    throw new OAuthError(
      "invalid_client",
      "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
    );
  }
  return input.grantType === "authorization_code"
    ? exchangeCode(ctx, app, input)
    : clientCredentials(ctx, app, input);
}

/**
 * `POST /oauth/revoke` (RFC 7009): an authenticated client revokes one of
 * its own tokens. An unknown token is not an error.
 */
export async function revokeOAuthToken(
  ctx: Ctx,
  input: { clientId: string; clientSecret: string; token: string },
): Promise<void> {
  const app = await authenticateApp(ctx, input.clientId, input.clientSecret);
  if (!app) {
    throw new OAuthError("invalid_client", "Client authentication failed.");
  }
  if (!input.token || input.token.length > 200) return;
  await ctx.db
    .delete(accessTokens)
    .where(and(eq(accessTokens.tokenHash, hashToken(input.token)), eq(accessTokens.appId, app.id)));
}

export { OOB_REDIRECT };
