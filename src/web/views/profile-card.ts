import { html, raw } from "hono/html";
import type { ProfileView } from "../../domain/entries/index.ts";
import type { Html } from "../layout.ts";
import { avatar } from "./avatar.ts";

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * The member as an h-card: picture, name, handle, headline, bio and links.
 * `actions` (the follow button) sits under the name.
 */
export function profileCard(
  profile: ProfileView,
  profileUrl: string,
  actions: Html = html``,
): Html {
  const links = profile.links.filter((link) => isWebUrl(link.url));
  return html`<section class="profile-card h-card" aria-labelledby="profile-name">
  ${avatar(profile)}
  <div>
    <h1 id="profile-name" class="p-name">${profile.displayName}</h1>
    <p class="handle">@<span class="p-nickname">${profile.handle}</span><a class="u-url u-uid" hidden href="${profileUrl}"></a></p>
    ${profile.headline ? html`<p class="headline p-job-title">${profile.headline}</p>` : ""}
    ${profile.movedTo ? html`<p class="notice moved-notice" role="status">This account has moved to <a href="${profile.movedTo.url}" rel="nofollow noopener">@${profile.movedTo.handle}${profile.movedTo.host ? `@${profile.movedTo.host}` : ""}</a>.</p>` : ""}
    ${profile.bioHtml ? html`<div class="p-note bio">${raw(profile.bioHtml)}</div>` : ""}
    ${
      links.length > 0
        ? html`<ul class="profile-links">${links.map(
            (link) =>
              html`<li><a class="u-url" href="${link.url}" rel="me nofollow noopener">${link.label}</a></li>`,
          )}</ul>`
        : ""
    }
    ${actions}
  </div>
</section>`;
}
