import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createOAuthAPIClient, createRestAPIClient, MastoHttpError } from "masto";
import generator from "megalodon";
import { CODE_LIFETIME_MS } from "../src/domain/api/oauth.ts";
import { setUpAdmin } from "./helpers/accounts.ts";
import { type ApiServer, startApiServer } from "./helpers/api-server.ts";
import type { TestClient } from "./helpers/client.ts";

const CALLBACK = "https://app.example/callback";

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

/** The `code` (and everything else) the redirect back to the app carries. */
function callbackParams(response: Response): URLSearchParams {
  assert.equal(response.status, 303);
  const back = new URL(response.headers.get("location") ?? "");
  assert.equal(`${back.origin}${back.pathname}`, CALLBACK, "back to the registered callback");
  return back.searchParams;
}

describe("OAuth grants: remembered consent and code expiry", () => {
  let server: ApiServer;
  let browser: TestClient;
  // The server's clock: moved forward by the tests, never slept for.
  let clock = Date.parse("2026-11-26T09:00:00Z");

  before(async () => {
    server = await startApiServer({}, { now: () => new Date(clock) });
    browser = await setUpAdmin(server.runtime, "alice");
  });
  after(() => server.close());

  async function registerApp() {
    const client = generator("mastodon", server.url);
    return client.createApp("Phone App", {
      scopes: ["read", "write", "follow"],
      redirect_uris: CALLBACK,
      website: "https://app.example",
    });
  }

  const authorizeUrl = (params: Record<string, string>) =>
    `/oauth/authorize?${new URLSearchParams({ response_type: "code", redirect_uri: CALLBACK, ...params })}`;

  /** Exchanges a code as masto does (PKCE verifier passed through as `code_verifier`). */
  function exchange(
    app: { client_id: string; client_secret: string | null },
    code: string,
    codeVerifier?: string,
  ) {
    const oauth = createOAuthAPIClient({ url: server.url });
    return oauth.token.create({
      grantType: "authorization_code",
      clientId: app.client_id,
      clientSecret: app.client_secret ?? "",
      redirectUri: CALLBACK,
      code,
      ...(codeVerifier ? { codeVerifier } : {}),
    } as Parameters<typeof oauth.token.create>[0]);
  }

  /** The first authorization: the consent page, approved. */
  async function consentOnce(app: { client_id: string }, scope: string) {
    const page = await browser.get(authorizeUrl({ client_id: app.client_id, scope }));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Authorize Phone App\?/);
    const answer = await browser.post("/oauth/authorize", {
      response_type: "code",
      client_id: app.client_id,
      redirect_uri: CALLBACK,
      scope,
      decision: "approve",
    });
    return callbackParams(answer).get("code") ?? "";
  }

  /** A code issued without the consent page (the app was authorized before), with PKCE. */
  async function codeWithoutConsent(
    app: { client_id: string },
    scope: string,
    challenge: string,
    state?: string,
  ) {
    const params = callbackParams(
      await browser.get(
        authorizeUrl({
          client_id: app.client_id,
          scope,
          code_challenge: challenge,
          code_challenge_method: "S256",
          ...(state ? { state } : {}),
        }),
      ),
    );
    return { code: params.get("code") ?? "", state: params.get("state") };
  }

  /** megalodon's exchange (no PKCE), as most apps do it. */
  function exchangeWithMegalodon(
    app: { client_id: string; client_secret: string | null },
    code: string,
  ) {
    const client = generator("mastodon", server.url);
    return client.fetchAccessToken(app.client_id, app.client_secret ?? "", code, CALLBACK);
  }

  it("skips the consent page for an app already authorized with the same or wider scopes", async () => {
    const app = await registerApp();
    const token = await exchangeWithMegalodon(app, await consentOnce(app, "read write"));
    assert.equal(token.scope, "read write");

    // Narrower scopes, with PKCE and a state: straight back to the app with a code.
    const { verifier, challenge } = pkce();
    const again = await codeWithoutConsent(app, "read:statuses write", challenge, "second visit");
    assert.equal(again.state, "second visit");
    assert.ok(again.code.length > 20);
    // The PKCE challenge was recorded all the same: no verifier, no token.
    await assert.rejects(exchange(app, again.code), (error) => {
      assert.ok(error instanceof MastoHttpError);
      assert.equal(error.statusCode, 400);
      return true;
    });
    const { verifier: v2, challenge: c2 } = pkce();
    const third = await codeWithoutConsent(app, "read:statuses", c2);
    await assert.rejects(exchange(app, third.code, verifier), "another request's verifier fails");
    const issued = await exchange(
      app,
      (await codeWithoutConsent(app, "read:statuses", c2)).code,
      v2,
    );
    assert.equal(
      issued.scope,
      "read:statuses",
      "the token holds the scopes asked, not the earlier ones",
    );
    const masto = createRestAPIClient({ url: server.url, accessToken: issued.accessToken });
    assert.equal((await masto.v1.accounts.verifyCredentials().catch((e) => e)).statusCode, 403);
    assert.ok(Array.isArray(await masto.v1.timelines.home.list()));
  });

  it("still asks for wider scopes, and still refuses bad requests without redirecting", async () => {
    const app = await registerApp();
    await consentOnce(app, "read");
    const wider = await browser.get(
      authorizeUrl({ client_id: app.client_id, scope: "read write" }),
    );
    assert.equal(wider.status, 200, "write was never granted: the member is asked");
    assert.match(await wider.text(), /name="decision" value="approve"/);

    const evil = await browser.get(
      `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.client_id, redirect_uri: "https://evil.example/cb", scope: "read" })}`,
    );
    assert.equal(evil.status, 400);
    assert.equal(evil.headers.get("location"), null);
    const badMethod = callbackParams(
      await browser.get(
        authorizeUrl({
          client_id: app.client_id,
          scope: "read",
          code_challenge: pkce().challenge,
          code_challenge_method: "S512",
        }),
      ),
    );
    assert.equal(badMethod.get("error"), "invalid_request");
    assert.equal(badMethod.get("code"), null);
  });

  it("asks again once the member revoked the app in settings", async () => {
    const app = await registerApp();
    const code = await consentOnce(app, "read");
    await exchange(app, code);
    const skipped = await browser.get(authorizeUrl({ client_id: app.client_id, scope: "read" }));
    assert.equal(skipped.status, 303);
    const settings = await (await browser.get("/settings/apps")).text();
    const ids = [...settings.matchAll(/action="\/settings\/apps\/([0-9a-f-]{36})\/revoke"/g)];
    for (const [, id] of ids) await browser.post(`/settings/apps/${id}/revoke`, {});
    const asked = await browser.get(authorizeUrl({ client_id: app.client_id, scope: "read" }));
    assert.equal(asked.status, 200);
  });

  it("refuses a code exchanged after it expired, by the server's clock", async () => {
    const app = await registerApp();
    const stale = await consentOnce(app, "read");
    const fresh = await consentOnce(app, "read write");
    clock += CODE_LIFETIME_MS - 1000;
    // Just inside its lifetime: it works.
    const ok = await exchangeWithMegalodon(app, fresh);
    assert.equal(ok.scope, "read write");
    clock += 2000;
    const late = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "authorization_code",
        code: stale,
        redirect_uri: CALLBACK,
        client_id: app.client_id,
        client_secret: app.client_secret,
      }),
    });
    assert.equal(late.status, 400);
    assert.equal(((await late.json()) as { error: string }).error, "invalid_grant");
    await assert.rejects(exchangeWithMegalodon(app, stale));
  });
});
