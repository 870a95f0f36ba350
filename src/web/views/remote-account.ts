import { html, raw } from "hono/html";
import type { RemoteAccountView, RemotePostView } from "../../domain/federation/index.ts";
import { proxiedImagesHtml } from "../../domain/media/remote-html-images.ts";
import { remoteImagePath } from "../../domain/media/remote-images.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { avatar } from "./avatar.ts";
import { formatDate } from "./labels.ts";
import { remoteAttachments } from "./remote-media.ts";
import { postPaths } from "./thread-actions.ts";

/** Where a remote account's page is on this server. */
export const remotePaths = {
  account: (id: string) => `/remote/${id}`,
  follow: (id: string) => `/remote/${id}/follow`,
  unfollow: (id: string) => `/remote/${id}/unfollow`,
};

export const remoteAddress = (account: { handle: string; host: string }) =>
  `@${account.handle}@${account.host}`;

/** A remote profile's banner, picture, name and address (pictures through the proxy, ADR 0015). */
export function remoteProfileHead(account: RemoteAccountView): Html {
  const banner = account.headerUrl
    ? html`<img class="remote-header" src="${remoteImagePath(account.id, account.headerUrl, "hdr")}" alt="" width="1500" height="500">`
    : "";
  return html`${banner}<div class="remote-identity">${avatar({ ...account, avatarKey: null })}<div>
    <h1 class="p-name">${account.displayName}</h1>
    <p class="headline">${remoteAddress(account)}</p>
  </div></div>`;
}

/**
 * What a remote account says about itself besides its bio: the account it
 * moved to, its profile fields (values sanitized when stored: given to
 * `raw()`) and its featured tags (linked to this server's tag pages).
 */
export function remoteProfileDetails(account: RemoteAccountView): Html {
  const fields = account.profileFields ?? [];
  const tags = account.featuredTags ?? [];
  const moved = account.movedTo;
  return html`${
    moved
      ? html`<p class="notice moved-notice" role="status">This account has moved to <a href="${remotePaths.account(moved.id)}">@${moved.handle}${moved.host ? `@${moved.host}` : ""}</a>.</p>`
      : ""
  }${
    fields.length > 0
      ? html`<dl class="profile-fields">${fields.map(
          (field) => html`<div><dt>${field.name}</dt><dd>${raw(field.valueHtml)}</dd></div>`,
        )}</dl>`
      : ""
  }${
    tags.length > 0
      ? html`<ul class="tags featured-tags" aria-label="Featured tags">${tags.map(
          (tag) => html`<li><a href="${paths.tag(tag)}">#${tag}</a></li>`,
        )}</ul>`
      : ""
  }`;
}

/** The card at the top of search results for an `@user@host` query. */
export function remoteAccountCard(account: RemoteAccountView): Html {
  return html`<section class="search-remote" aria-labelledby="remote-heading">
  <h2 id="remote-heading">Account on another server</h2>
  <ul class="member-list"><li><a class="member h-card remote-account" href="${remotePaths.account(account.id)}">${avatar({ ...account, avatarKey: null }, true)}<span><span class="p-name">${account.displayName}</span><span class="small muted member-headline">${remoteAddress(account)}</span></span></a></li></ul>
</section>`;
}

/** The quiet note when nothing answered as an account at the address. */
export function remoteNotFound(address: string): Html {
  return html`<p class="notice search-remote" role="status">No account found at ${address}.</p>`;
}

/**
 * A stored remote post: its content was sanitized with our allowlist when it
 * was stored, so it is the one thing here given to `raw()` (its images
 * pointed at our proxy).
 */
export function remotePostCard(post: RemotePostView, showAuthor: boolean): Html {
  const link = post.url ?? post.uri;
  const body = html`<div class="entry-body e-content">${raw(proxiedImagesHtml(post.id, post.contentHtml))}</div>${remoteAttachments(post)}`;
  return html`<article class="h-entry entry remote-post">
  <div class="entry-meta">
    ${showAuthor ? html`<a class="p-author h-card author" href="${remotePaths.account(post.author.id)}">${avatar({ ...post.author, avatarKey: null }, true)}<span class="author-names"><span class="p-name">${post.author.displayName}</span> <span class="small muted">${remoteAddress(post.author)}</span></span></a>` : ""}
    <a class="u-url" href="${link}" rel="nofollow noopener ugc"><time class="dt-published" datetime="${post.at.toISOString()}">${formatDate(post.at)}</time></a>
    ${post.audience === "followers" ? html`<span class="audience-badge" title="Who can see this">Followers</span>` : ""}
  </div>
  ${post.name ? html`<h2 class="entry-title p-name"><a href="${link}" rel="nofollow noopener ugc">${post.name}</a></h2>` : ""}
  ${
    post.summary || post.sensitive
      ? html`<details class="content-warning"><summary><span class="p-summary">${post.summary || "Sensitive content"}</span></summary>${body}</details>`
      : body
  }
  <p class="small"><a href="${postPaths.page(post.id)}">Conversation</a></p>
</article>`;
}

export function remotePostList(posts: readonly RemotePostView[], empty: string): Html {
  if (posts.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="entry-list">${posts.map((post) => html`<li>${remotePostCard(post, false)}</li>`)}</ul>`;
}
