import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from "masto";
import generator from "megalodon";
import { createMember } from "../src/domain/accounts/members.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { memberForm, PASSWORD, setUpAdmin } from "./helpers/accounts.ts";
import { type ApiServer, startApiServer } from "./helpers/api-server.ts";
import { TestClient } from "./helpers/client.ts";

const CALLBACK = "https://app.example/callback";

/** Mastodon's error shape: `{"error": "…"}` with a message. */
async function assertMastodonError(response: Response, status: number) {
  assert.equal(response.status, status);
  const body = (await response.json()) as { error?: unknown };
  assert.equal(typeof body.error, "string");
  assert.ok((body.error as string).length > 0);
}

/** A PKCE pair (RFC 7636): the verifier kept by the app, the S256 challenge sent. */
function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

describe("OAuth for Mastodon apps", () => {
  let server: ApiServer;
  let bob: CurrentUser;
  let browser: TestClient;

  before(async () => {
    server = await startApiServer();
    await setUpAdmin(server.runtime, "alice");
    bob = await createMember(server.runtime.ctx, memberForm("bob"));
    browser = new TestClient(server.runtime.app);
  });
  after(() => server.close());

  /** Registers an app as megalodon does (JSON), returning its credentials. */
  async function registerApp(scopes = ["read", "write", "follow"], redirect = CALLBACK) {
    const client = generator("mastodon", server.url);
    return client.createApp("Test App", {
      scopes,
      redirect_uris: redirect,
      website: "https://app.example",
    });
  }

  /** Drives the browser through sign-in and consent; returns the redirect it ends with. */
  async function authorize(params: Record<string, string>, decision = "approve") {
    const query = new URLSearchParams({ response_type: "code", ...params }).toString();
    const page = await browser.get(`/oauth/authorize?${query}`);
    if (page.status === 303) {
      const location = page.headers.get("location") ?? "";
      assert.match(location, /^\/sign-in\?next=/);
      const next = decodeURIComponent(location.replace("/sign-in?next=", ""));
      const signedIn = await browser.post("/sign-in", {
        handle: "alice",
        password: PASSWORD,
        next,
      });
      assert.equal(signedIn.status, 303);
      assert.equal(signedIn.headers.get("location"), next, "back to the consent page");
    }
    const consent = await browser.get(`/oauth/authorize?${query}`);
    assert.equal(consent.status, 200);
    const html = await consent.text();
    const answer = await browser.post("/oauth/authorize", {
      ...params,
      response_type: "code",
      decision,
    });
    return { html, consent, answer };
  }

  it("registers apps through masto and megalodon, and refuses unknown scopes with 422", async () => {
    const masto = createRestAPIClient({ url: server.url });
    const app = await masto.v1.apps.create({
      clientName: "Masto App",
      redirectUris: `${CALLBACK}\nurn:ietf:wg:oauth:2.0:oob`,
      scopes: "read write:statuses",
      website: "https://app.example",
    });
    assert.equal(app.name, "Masto App");
    assert.ok(app.clientId && app.clientSecret);
    assert.deepEqual((app as unknown as { redirectUris: string[] }).redirectUris, [
      CALLBACK,
      "urn:ietf:wg:oauth:2.0:oob",
    ]);
    assert.equal((app as unknown as { vapidKey: string }).vapidKey, "");
    const viaMegalodon = await registerApp();
    assert.equal(viaMegalodon.redirect_uri, CALLBACK);
    assert.ok(viaMegalodon.client_id);

    const post = (body: unknown) =>
      fetch(`${server.url}/api/v1/apps`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    await assertMastodonError(
      await post({ client_name: "x", redirect_uris: CALLBACK, scopes: "read admin:everything" }),
      422,
    );
    await assertMastodonError(await post({ client_name: "x" }), 422);
    await assertMastodonError(
      await post({ client_name: "x", redirect_uris: "javascript:alert(1)" }),
      422,
    );
    await assertMastodonError(await post({ redirect_uris: CALLBACK }), 422);
  });

  it("runs the authorization code flow with PKCE (S256) over HTTP", async () => {
    const app = await registerApp();
    const { verifier, challenge } = pkce();
    const { html, consent, answer } = await authorize({
      client_id: app.client_id,
      redirect_uri: CALLBACK,
      scope: "read write",
      state: "xyz 123",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    assert.match(html, /Authorize Test App\?/);
    assert.match(html, /@alice/);
    assert.match(html, /Act for you: post, edit and delete/, "scopes in plain words");
    assert.match(html, /<button type="submit" name="decision" value="deny"/);
    assert.match(
      consent.headers.get("content-security-policy") ?? "",
      /form-action 'self' https:\/\/app\.example/,
    );
    assert.equal(answer.status, 303);
    const back = new URL(answer.headers.get("location") ?? "");
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get("state"), "xyz 123");
    const code = back.searchParams.get("code") ?? "";
    assert.ok(code.length > 20);

    const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${server.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(body),
      });
    const base = {
      grant_type: "authorization_code",
      code,
      redirect_uri: CALLBACK,
      client_id: app.client_id,
      client_secret: app.client_secret ?? "",
    };
    const missing = await token(base);
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { error: string }).error, "invalid_grant");
    const wrong = await token({ ...base, code_verifier: pkce().verifier });
    assert.equal(wrong.status, 400);
    const badClient = await token({ ...base, client_secret: "nope", code_verifier: verifier });
    assert.equal(badClient.status, 401);
    assert.equal(((await badClient.json()) as { error: string }).error, "invalid_client");

    // Client authentication by HTTP Basic this time.
    const basic = Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64");
    const { client_id: _, client_secret: __, ...withoutClient } = base;
    const granted = await token(
      { ...withoutClient, code_verifier: verifier },
      { authorization: `Basic ${basic}` },
    );
    assert.equal(granted.status, 200);
    const body = (await granted.json()) as {
      access_token: string;
      scope: string;
      token_type: string;
    };
    assert.equal(body.scope, "read write");
    assert.equal(body.token_type, "Bearer");

    const replay = await token({ ...base, code_verifier: verifier });
    assert.equal(replay.status, 400, "a code works once");
    assert.equal(((await replay.json()) as { error: string }).error, "invalid_grant");

    const masto = createRestAPIClient({ url: server.url, accessToken: body.access_token });
    const me = await masto.v1.accounts.verifyCredentials();
    assert.equal(me.username, "alice");
    assert.equal(me.acct, "alice");
    assert.ok(me.source, "verify_credentials carries source");
    const appInfo = await masto.v1.apps.verifyCredentials();
    assert.equal(appInfo.name, "Test App");
  });

  it("accepts PKCE plain, and refuses unknown challenge methods at the app's redirect", async () => {
    const app = await registerApp();
    const verifier = pkce().verifier;
    const { answer } = await authorize({
      client_id: app.client_id,
      redirect_uri: CALLBACK,
      code_challenge: verifier,
      code_challenge_method: "plain",
    });
    const code = new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const exchanged = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "authorization_code",
        code,
        redirect_uri: CALLBACK,
        client_id: app.client_id,
        client_secret: app.client_secret,
        code_verifier: verifier,
      }),
    });
    assert.equal(exchanged.status, 200);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: app.client_id,
      redirect_uri: CALLBACK,
      code_challenge: verifier,
      code_challenge_method: "S512",
    });
    const refused = await browser.get(`/oauth/authorize?${query}`);
    assert.equal(refused.status, 303);
    const back = new URL(refused.headers.get("location") ?? "");
    assert.equal(back.searchParams.get("error"), "invalid_request");
  });

  it("exchanges a code with megalodon, and shows the code on a page for out-of-band apps", async () => {
    const app = await registerApp(["read"], "urn:ietf:wg:oauth:2.0:oob");
    const { answer } = await authorize({
      client_id: app.client_id,
      redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
    });
    assert.equal(answer.status, 200);
    const page = await answer.text();
    const code = /id="oauth-code"[^>]*value="([^"]+)"/.exec(page)?.[1] ?? "";
    assert.ok(code, "the code is on the page");
    const client = generator("mastodon", server.url);
    const tokenData = await client.fetchAccessToken(
      app.client_id,
      app.client_secret ?? "",
      code,
      "urn:ietf:wg:oauth:2.0:oob",
    );
    const authed = generator("mastodon", server.url, tokenData.access_token);
    const me = await authed.verifyAccountCredentials();
    assert.equal(me.data.username, "alice");
    // A read token cannot follow anyone: 403, whatever the account.
    const follow = await fetch(`${server.url}/api/v1/accounts/${bob.actorId}/follow`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokenData.access_token}` },
    });
    await assertMastodonError(follow, 403);
  });

  it("passes a denial back with the state, and never redirects to an unregistered URI", async () => {
    const app = await registerApp();
    const { answer } = await authorize(
      { client_id: app.client_id, redirect_uri: CALLBACK, state: "s1" },
      "deny",
    );
    const back = new URL(answer.headers.get("location") ?? "");
    assert.equal(back.searchParams.get("error"), "access_denied");
    assert.equal(back.searchParams.get("state"), "s1");
    assert.equal(back.searchParams.get("code"), null);

    const evil = new URLSearchParams({
      response_type: "code",
      client_id: app.client_id,
      redirect_uri: "https://evil.example/steal",
    });
    const refused = await browser.get(`/oauth/authorize?${evil}`);
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get("location"), null);
    const prefix = new URLSearchParams({
      response_type: "code",
      client_id: app.client_id,
      redirect_uri: `${CALLBACK}/more`,
    });
    assert.equal((await browser.get(`/oauth/authorize?${prefix}`)).status, 400, "exact match only");
    const unknownScope = new URLSearchParams({
      response_type: "code",
      client_id: app.client_id,
      redirect_uri: CALLBACK,
      scope: "read push",
    });
    const scoped = await browser.get(`/oauth/authorize?${unknownScope}`);
    assert.equal(scoped.status, 303);
    assert.equal(
      new URL(scoped.headers.get("location") ?? "").searchParams.get("error"),
      "invalid_scope",
    );
    // The consent form is a cookie form: without its CSRF token it is refused.
    const forged = await browser.post(
      "/oauth/authorize",
      {
        client_id: app.client_id,
        redirect_uri: CALLBACK,
        response_type: "code",
        decision: "approve",
      },
      { csrf: false },
    );
    assert.equal(forged.status, 403);
  });

  it("issues client-credentials tokens that user endpoints refuse, and revokes tokens", async () => {
    const app = await registerApp();
    const oauth = createOAuthAPIClient({ url: server.url });
    const appToken = await oauth.token.create({
      grantType: "client_credentials",
      clientId: app.client_id,
      clientSecret: app.client_secret ?? "",
      redirectUri: CALLBACK,
      scope: "read",
    });
    const masto = createRestAPIClient({ url: server.url, accessToken: appToken.accessToken });
    assert.equal((await masto.v1.apps.verifyCredentials()).name, "Test App");
    const me = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${appToken.accessToken}` },
    });
    await assertMastodonError(me, 422);

    const tooMuch = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: app.client_id,
        client_secret: app.client_secret,
        scope: "push",
      }),
    });
    assert.equal(tooMuch.status, 400);
    assert.equal(((await tooMuch.json()) as { error: string }).error, "invalid_scope");
    const password = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "password", username: "alice", password: PASSWORD }),
    });
    assert.equal(((await password.json()) as { error: string }).error, "unsupported_grant_type");

    await oauth.revoke({
      clientId: app.client_id,
      clientSecret: app.client_secret ?? "",
      token: appToken.accessToken,
    });
    await assert.rejects(masto.v1.apps.verifyCredentials(), (error) => {
      assert.ok(error instanceof MastoHttpError);
      assert.equal(error.statusCode, 401);
      return true;
    });
  });

  it("publishes its OAuth metadata", async () => {
    const response = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    assert.equal(response.status, 200);
    const meta = (await response.json()) as Record<string, unknown>;
    assert.equal(meta.token_endpoint, `${server.url}/oauth/token`);
    assert.equal(meta.authorization_endpoint, `${server.url}/oauth/authorize`);
    assert.ok((meta.code_challenge_methods_supported as string[]).includes("S256"));
    assert.ok((meta.scopes_supported as string[]).includes("write:media"));
  });

  it("shows authorized apps in settings and revokes them", async () => {
    const settings = await browser.get("/settings/apps");
    assert.equal(settings.status, 200);
    const html = await settings.text();
    assert.match(html, /Test App/);
    const appId = /action="\/settings\/apps\/([0-9a-f-]{36})\/revoke"/.exec(html)?.[1] ?? "";
    assert.ok(appId);
    // Each earlier authorization left a working token; revoking the app ends them all.
    const app = await registerApp();
    const { answer } = await authorize({ client_id: app.client_id, redirect_uri: CALLBACK });
    const code = new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? "";
    const client = generator("mastodon", server.url);
    const { access_token } = await client.fetchAccessToken(
      app.client_id,
      app.client_secret ?? "",
      code,
      CALLBACK,
    );
    const check = () =>
      fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
    assert.equal((await check()).status, 200);
    const page = await (await browser.get("/settings/apps")).text();
    const ids = [...page.matchAll(/action="\/settings\/apps\/([0-9a-f-]{36})\/revoke"/g)].map(
      (m) => m[1] ?? "",
    );
    for (const id of ids) {
      assert.equal((await browser.post(`/settings/apps/${id}/revoke`, {})).status, 303);
    }
    await assertMastodonError(await check(), 401);
    assert.match(await (await browser.get("/settings/apps")).text(), /No app holds access/);
  });
});
