import type { Context } from "hono";
import { Hono } from "hono";
import { html, raw } from "hono/html";
import { LOCALES, profileSettings, updateProfile } from "../../../domain/accounts/profile.ts";
import { MAX_LINKS } from "../../../domain/accounts/profile-links.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import {
  type Errors,
  type Failure,
  failureOf,
  formFile,
  formProblem,
  formValues,
  inputField,
  selectField,
  textareaField,
  type Values,
} from "./forms.ts";
import { signedInOrRedirect } from "./request.ts";

const ROWS = Array.from({ length: MAX_LINKS }, (_, i) => i);
const LOCALE_OPTIONS = LOCALES.map((l) => ({ value: l.code, label: l.name }));

function linkRows(values: Values, errors: Errors): Html {
  return html`<fieldset class="field link-rows">
  <legend>Links</legend>
  <p class="hint">Your website, portfolio, code, or other profiles. Only http and https addresses.</p>
  ${errors.links ? html`<p class="error">${errors.links}</p>` : ""}
  ${ROWS.map(
    (i) => html`<fieldset class="link-row">
    <legend class="visually-hidden">Link ${i + 1}</legend>
    ${inputField({ name: `link-label-${i}`, label: "Label", value: values[`link-label-${i}`], maxlength: 60 })}
    ${inputField({ name: `link-url-${i}`, label: "URL", type: "url", value: values[`link-url-${i}`], error: errors[`links.${i}`], placeholder: "https://" })}
  </fieldset>`,
  )}
</fieldset>`;
}

function avatarFields(avatarKey: string | null, errors: Errors): Html {
  return html`<div class="avatar-setting">
  ${avatarKey ? html`<img class="avatar" src="${paths.avatar(avatarKey)}" alt="Your current avatar" width="96" height="96">` : ""}
  <div class="field">
    <label for="avatar">Avatar</label>
    <input id="avatar" name="avatar" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" aria-describedby="avatar-hint${errors.avatar ? " avatar-error" : ""}">
    <p class="hint" id="avatar-hint">JPEG, PNG, WebP, GIF or AVIF, up to 8 MB. It is cropped to a square, and camera and location data are removed.</p>
    ${errors.avatar ? html`<p class="error" id="avatar-error">${errors.avatar}</p>` : ""}
  </div>
  ${avatarKey ? html`<div class="choice"><input type="checkbox" id="removeAvatar" name="removeAvatar" value="1"><label for="removeAvatar">Remove avatar</label></div>` : ""}
</div>`;
}

async function settingsPage(
  c: Context<AppEnv>,
  user: CurrentUser,
  submitted?: Values,
  failure?: Failure,
) {
  const profile = await profileSettings(c.get("ctx"), user);
  const saved: Values = {
    displayName: profile.displayName,
    headline: profile.headline,
    bio: profile.bio,
    locale: profile.locale,
    listedInDirectory: profile.listedInDirectory ? "1" : "",
    manuallyApprovesFollowers: profile.manuallyApprovesFollowers ? "1" : "",
    ...Object.fromEntries(
      profile.links.flatMap((link, i) => [
        [`link-label-${i}`, link.label],
        [`link-url-${i}`, link.url],
      ]),
    ),
  };
  const values = submitted ?? saved;
  const errors = failure?.fields ?? {};
  return renderPage(c, {
    title: "Profile settings",
    status: failure?.status ?? 200,
    body: html`<h1>Profile settings</h1>
<p class="muted">Also: <a href="/settings/coach">Coach settings</a> (the checks before you publish), <a href="/settings/apps">Apps and tokens</a> (for Mastodon apps and scripts), <a href="/settings/move">Move your account</a> (to or from another server).</p>
${c.req.query("saved") && !failure ? html`<p class="notice" role="status">Your profile is saved. <a href="${paths.profile(profile.handle)}">See your profile</a>.</p>` : ""}
${formProblem(failure?.message)}
<form method="post" action="/settings/profile" enctype="multipart/form-data" class="stack">
  ${csrfField(c)}
  ${avatarFields(profile.avatarKey, errors)}
  ${inputField({ name: "displayName", label: "Display name", value: values.displayName, error: errors.displayName, maxlength: 100, autocomplete: "name" })}
  ${inputField({ name: "headline", label: "Headline", value: values.headline, error: errors.headline, maxlength: 140, placeholder: "Learning designer exploring…", hint: "One line under your name: what you do, what you are exploring." })}
  ${textareaField({ name: "bio", label: "Bio", value: values.bio, error: errors.bio, maxlength: 5000, hint: "Markdown: **bold**, _italic_, [a link](https://example.org), lists." })}
  ${linkRows(values, errors)}
  ${selectField({ name: "locale", label: "Language", value: values.locale, error: errors.locale, options: LOCALE_OPTIONS })}
  <div class="choice"><input type="checkbox" id="listedInDirectory" name="listedInDirectory" value="1"${values.listedInDirectory === "1" ? raw(" checked") : ""} aria-describedby="listedInDirectory-hint"><label for="listedInDirectory">List me in the member directory</label><p class="hint" id="listedInDirectory-hint">Your name, headline and the tags you use most (on entries each visitor may see) appear in <a href="/directory">the directory</a>, and members who write about the same tags may see you under “People to follow”.</p></div>
  <div class="choice"><input type="checkbox" id="manuallyApprovesFollowers" name="manuallyApprovesFollowers" value="1"${values.manuallyApprovesFollowers === "1" ? raw(" checked") : ""} aria-describedby="manuallyApprovesFollowers-hint"><label for="manuallyApprovesFollowers">Approve followers manually</label><p class="hint" id="manuallyApprovesFollowers-hint">New followers, here and on other servers, wait until you approve them on <a href="/follow-requests">Follow requests</a>. Only approved followers see your followers-only entries.</p></div>
  <div class="actions"><button type="submit">Save profile</button></div>
</form>
${
  profile.bioHtml
    ? html`<section aria-labelledby="bio-preview" class="bio-preview">
  <h2 id="bio-preview">Your bio as others see it</h2>
  <div class="entry-body">${raw(profile.bioHtml)}</div>
</section>`
    : ""
}`,
  });
}

export function settingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/settings", (c) => c.redirect("/settings/profile", 303));
  app.get("/settings/profile", (c) => {
    const user = signedInOrRedirect(c);
    return user instanceof Response ? user : settingsPage(c, user);
  });
  app.post("/settings/profile", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const values = await formValues(c);
    try {
      await updateProfile(c.get("ctx"), user, {
        displayName: values.displayName,
        headline: values.headline,
        bio: values.bio,
        locale: values.locale,
        links: ROWS.map((i) => ({
          label: values[`link-label-${i}`],
          url: values[`link-url-${i}`],
        })),
        avatar: await formFile(c, "avatar"),
        removeAvatar: values.removeAvatar === "1",
        listedInDirectory: values.listedInDirectory === "1",
        manuallyApprovesFollowers: values.manuallyApprovesFollowers === "1",
      });
      return c.redirect("/settings/profile?saved=1", 303);
    } catch (error) {
      return settingsPage(c, user, values, failureOf(error));
    }
  });
  return app;
}
