import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import { z } from "zod";
import { appById, registerApp } from "../../domain/api/apps.ts";
import { KNOWN_SCOPES } from "../../domain/api/index.ts";
import { issueOAuthToken, OAuthError, revokeOAuthToken } from "../../domain/api/oauth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";

/** OAuth 2's error shape (RFC 6749 §5.2), not Mastodon's. */
function oauthError(c: Context<ApiEnv>, error: OAuthError, basicAuth: boolean) {
  const status = error.code === "invalid_client" ? 401 : 400;
  if (status === 401 && basicAuth) c.header("WWW-Authenticate", 'Basic realm="Outloud"');
  c.header("Cache-Control", "no-store");
  return c.json({ error: error.code, error_description: error.message }, status);
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1: form-encoded, then base64). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  try {
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

const optional = z.string().max(2000).optional();
const tokenParams = z.object({
  grant_type: optional,
  client_id: optional,
  client_secret: optional,
  code: optional,
  redirect_uri: optional,
  code_verifier: optional,
  scope: optional,
  token: optional,
});

async function oauthParams(c: Context<ApiEnv>) {
  // A body that is not JSON (or not an object) is OAuth's invalid_request, in OAuth's shape.
  const params = await readParams(c).catch(() => {
    throw new OAuthError("invalid_request", "The request body is malformed.");
  });
  const parsed = tokenParams.safeParse(params);
  if (!parsed.success) {
    throw new OAuthError("invalid_request", "The request has a malformed parameter.");
  }
  const basic = basicCredentials(c.req.header("authorization"));
  return {
    ...parsed.data,
    basic: basic !== null,
    clientId: basic?.id ?? parsed.data.client_id ?? "",
    clientSecret: basic?.secret ?? parsed.data.client_secret ?? "",
  };
}

/** App registration, token issue and revocation, and the server's OAuth metadata. */
export function oauthRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/api/v1/apps", async (c) => {
    const registered = await registerApp(c.get("ctx"), await readParams(c));
    return c.json({
      id: registered.id,
      name: registered.name,
      website: registered.website,
      scopes: registered.scopes,
      redirect_uri: registered.redirectUris.join("\n"),
      redirect_uris: registered.redirectUris,
      client_id: registered.clientId,
      client_secret: registered.clientSecret,
      client_secret_expires_at: 0,
      vapid_key: "",
    });
  });

  // Any valid token may ask which app it belongs to (no particular scope).
  app.get("/api/v1/apps/verify_credentials", async (c) => {
    const token = c.get("token");
    if (!token) throw apiError(401, "The access token is invalid");
    const found = token.appId ? await appById(c.get("ctx"), token.appId) : null;
    return c.json({
      id: found?.id ?? token.id,
      name: found?.name ?? "Personal access token",
      website: found?.website ?? null,
      scopes: token.scopes,
      redirect_uri: found?.redirectUris.join("\n") ?? "",
      redirect_uris: found?.redirectUris ?? [],
      vapid_key: "",
    });
  });

  app.post("/oauth/token", async (c) => {
    let basic = false;
    try {
      const params = await oauthParams(c);
      basic = params.basic;
      const issued = await issueOAuthToken(c.get("ctx"), {
        grantType: params.grant_type ?? "",
        clientId: params.clientId,
        clientSecret: params.clientSecret,
        code: params.code,
        redirectUri: params.redirect_uri,
        codeVerifier: params.code_verifier,
        scope: params.scope,
      });
      c.header("Cache-Control", "no-store");
      return c.json({
        access_token: issued.accessToken,
        token_type: "Bearer",
        scope: issued.scopes.join(" "),
        created_at: Math.floor(issued.createdAt.getTime() / 1000),
      });
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error, basic);
      throw error;
    }
  });

  app.post("/oauth/revoke", async (c) => {
    let basic = false;
    try {
      const params = await oauthParams(c);
      basic = params.basic;
      await revokeOAuthToken(c.get("ctx"), {
        clientId: params.clientId,
        clientSecret: params.clientSecret,
        token: params.token ?? "",
      });
      return c.json({});
    } catch (error) {
      if (error instanceof OAuthError) return oauthError(c, error, basic);
      throw error;
    }
  });

  app.use("/.well-known/oauth-authorization-server", cors({ origin: "*" }));
  app.get("/.well-known/oauth-authorization-server", (c) => {
    const base = c.get("ctx").config.publicUrl;
    return c.json({
      issuer: `${base}/`,
      service_documentation: "https://docs.joinmastodon.org/",
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      app_registration_endpoint: `${base}/api/v1/apps`,
      scopes_supported: [...KNOWN_SCOPES],
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      code_challenge_methods_supported: ["S256", "plain"],
      grant_types_supported: ["authorization_code", "client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
  });
  return app;
}
