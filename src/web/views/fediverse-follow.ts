import { html } from "hono/html";
import type { Html } from "../layout.ts";

/** Paths of following a member from another server. */
export const remoteFollowPath = (handle: string) => `/@${handle}/remote-follow`;

/**
 * The member's fediverse address with a copy button (shown by copy.js), and
 * a form that takes the reader's own address to their server's follow page.
 * A GET form: no token, so visitors' profile pages stay cacheable.
 */
export function fediverseFollow(
  handle: string,
  host: string,
  options: { account?: string; error?: string; headingLevel?: 1 | 2 } = {},
): Html {
  const address = `@${handle}@${host}`;
  const heading =
    options.headingLevel === 1
      ? html`<h1 id="fediverse-follow-heading">Follow @${handle} from your server</h1>`
      : html`<h2 id="fediverse-follow-heading">Follow from the fediverse</h2>`;
  return html`<section class="fediverse-follow" aria-labelledby="fediverse-follow-heading">
  ${heading}
  <p>On Mastodon, Pixelfed, GoToSocial, Misskey or another Outloud, search for
    <code id="fediverse-address">${address}</code>
    <button type="button" class="button-small secondary" data-copy="fediverse-address" hidden>Copy</button>
    — or enter your own address and we take you to your server to follow.</p>
  <form method="get" action="${remoteFollowPath(handle)}" class="inline-form">
    <label for="remote-account">Your fediverse address</label>
    <input id="remote-account" type="text" name="account" value="${options.account ?? ""}" placeholder="@you@your.server" maxlength="300" required autocomplete="username"${options.error ? html` aria-invalid="true" aria-describedby="remote-account-error"` : ""}>
    <button type="submit">Follow from your server</button>
    ${options.error ? html`<p class="error" id="remote-account-error">${options.error}</p>` : ""}
  </form>
</section>
<script src="/static/copy.js" defer></script>`;
}
