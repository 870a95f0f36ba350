import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { alreadyAuthorized } from "../../../domain/api/authorizations.ts";
import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  grantAuthorizationCode,
  OAuthError,
  OOB_REDIRECT,
  UntrustedRedirect,
} from "../../../domain/api/oauth.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, renderMessage, renderPage } from "../../layout.ts";
import { CSP } from "../../middleware/security.ts";
import { formValues } from "../accounts/forms.ts";
import { scopeInWords } from "./scope-words.ts";

/** The authorization request's parameters, carried from the page to its form. */
const CARRIED = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
] as const;

function carried(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = params[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

/** Back to the app with `code` (or `error`) and the app's `state`, as RFC 6749 §4.1.2 says. */
function backToApp(
  c: Context<AppEnv>,
  redirectUri: string,
  state: string | null,
  result: Record<string, string>,
) {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(result)) url.searchParams.set(name, value);
  if (state !== null) url.searchParams.set("state", state);
  return c.redirect(url.href, 303);
}

/** Where a redirect URI leads, as a CSP source and for people: an origin, or an app's scheme. */
function destination(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.protocol === "http:" || url.protocol === "https:" ? url.origin : url.protocol;
}

/**
 * A form's redirects obey the page's `form-action`: the consent page lets
 * its form go on to the app's registered callback (and nowhere else).
 */
function allowRedirectTo(c: Context<AppEnv>, redirectUri: string) {
  if (redirectUri === OOB_REDIRECT) return;
  const source = destination(redirectUri);
  c.header(
    "Content-Security-Policy",
    CSP.replace("form-action 'self'", `form-action 'self' ${source}`),
  );
}

function consentPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  request: AuthorizationRequest,
  params: Record<string, string>,
) {
  const { app } = request;
  allowRedirectTo(c, request.redirectUri);
  c.header("Cache-Control", "no-store");
  return renderPage(c, {
    title: `Authorize ${app.name}`,
    body: html`<section class="oauth-consent">
<h1>Authorize ${app.name}?</h1>
<p class="lead"><strong>${app.name}</strong>${app.website ? html` (<a href="${app.website}" rel="noopener noreferrer">${new URL(app.website).host}</a>)` : ""} asks to use your account <strong>@${user.handle}</strong>.</p>
<h2>It will be able to</h2>
<ul class="oauth-scopes">
  ${request.scopes.map((scope) => html`<li>${scopeInWords(scope)} <span class="muted small">(${scope})</span></li>`)}
</ul>
<p class="muted">It can never see your password. You can take this access back at any time in <a href="/settings/apps">Settings → Apps</a>.</p>
<form method="post" action="/oauth/authorize" class="actions">
  ${csrfField(c)}
  ${Object.entries(params).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <button type="submit" name="decision" value="approve">Authorize</button>
  <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>
${request.redirectUri === OOB_REDIRECT ? "" : html`<p class="muted small">Afterwards you go back to ${destination(request.redirectUri)}.</p>`}
</section>`,
  });
}

/** The code for apps without a callback: the member copies it into the app. */
function codePage(c: Context<AppEnv>, appName: string, code: string) {
  c.header("Cache-Control", "no-store");
  return renderPage(c, {
    title: "Authorization code",
    body: html`<section class="oauth-consent">
<h1>Copy this code into ${appName}</h1>
<p>Paste this authorization code where ${appName} asks for it. It works once, within 10 minutes.</p>
<p><label for="oauth-code">Authorization code</label></p>
<input id="oauth-code" class="oauth-code" type="text" readonly value="${code}">
</section>`,
  });
}

/** Checks the request; answers problems the app must not be redirected for on a page. */
async function checked(
  c: Context<AppEnv>,
  params: Record<string, string>,
): Promise<AuthorizationRequest | Response> {
  try {
    return await checkAuthorizationRequest(c.get("ctx"), params);
  } catch (error) {
    if (error instanceof UntrustedRedirect) {
      return renderMessage(c, 400, "This app's request is not valid", error.message);
    }
    if (error instanceof OAuthError && error.redirect) {
      const { redirectUri, state } = error.redirect;
      if (redirectUri === OOB_REDIRECT) {
        return renderMessage(c, 400, "This app's request is not valid", error.message);
      }
      return backToApp(c, redirectUri, state, {
        error: error.code,
        error_description: error.message,
      });
    }
    throw error;
  }
}

function signInFirst(c: Context<AppEnv>, params: Record<string, string>) {
  const next = `/oauth/authorize?${new URLSearchParams(params)}`;
  return c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
}

/** The code goes back to the app: at its callback, or on a page for out-of-band apps. */
async function grantCode(c: Context<AppEnv>, user: CurrentUser, request: AuthorizationRequest) {
  const code = await grantAuthorizationCode(c.get("ctx"), user, request);
  if (request.redirectUri === OOB_REDIRECT) return codePage(c, request.app.name, code);
  return backToApp(c, request.redirectUri, request.state, { code });
}

/**
 * `/oauth/authorize`: sign in if needed, then the member approves or denies
 * the app — unless they already authorized it for the same or wider scopes:
 * then the code is issued at once (the request was checked all the same).
 */
export function authorizeRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/oauth/authorize", async (c) => {
    const params = carried(c.req.query());
    const request = await checked(c, params);
    if (request instanceof Response) return request;
    const user = c.get("user");
    if (!user) return signInFirst(c, params);
    if (await alreadyAuthorized(c.get("ctx"), user, request.app.id, request.scopes)) {
      return grantCode(c, user, request);
    }
    return consentPage(c, user, request, params);
  });
  app.post("/oauth/authorize", async (c) => {
    const values = await formValues(c);
    const params = carried(values);
    // The form's fields are checked again: they came back from the browser.
    const request = await checked(c, params);
    if (request instanceof Response) return request;
    const user = c.get("user");
    if (!user) return signInFirst(c, params);
    if (values.decision !== "approve") {
      if (request.redirectUri === OOB_REDIRECT) {
        return renderMessage(c, 200, "Access denied", `${request.app.name} was not authorized.`);
      }
      return backToApp(c, request.redirectUri, request.state, {
        error: "access_denied",
        error_description: "The member denied the request.",
      });
    }
    return grantCode(c, user, request);
  });
  return app;
}
