import { html } from "hono/html";
import type { DirectoryMember, Suggestion } from "../../domain/search/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { avatar } from "./avatar.ts";
import { listUrl } from "./pagination.ts";
import { tagLinks } from "./search-results.ts";

/** A member as an h-card with their headline and the tags they write about most. */
function memberCard(member: DirectoryMember, note: Html | string = ""): Html {
  return html`<li class="directory-member h-card">
  <a class="member" href="${paths.profile(member.handle)}">${avatar(member, true)}<span><span class="p-name">${member.displayName}</span><span class="small muted member-headline">@<span class="p-nickname">${member.handle}</span></span></span></a>
  ${member.headline ? html`<p class="p-note">${member.headline}</p>` : ""}
  ${note ? html`<p class="small muted">${note}</p>` : ""}
  ${tagLinks(member.topTags, `Tags ${member.displayName} uses`)}
</li>`;
}

export function directoryList(members: readonly DirectoryMember[], empty: string): Html {
  if (members.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="directory">${members.map((m) => memberCard(m))}</ul>`;
}

export function suggestionList(suggestions: readonly Suggestion[]): Html {
  if (suggestions.length === 0) {
    return html`<p class="empty">No suggestions yet: tag your entries, and people who write about the same things will show up here.</p>`;
  }
  return html`<ul class="directory">${suggestions.map((s) =>
    memberCard(s, `${s.shared} recent ${s.shared === 1 ? "entry" : "entries"} on your tags`),
  )}</ul>`;
}

/** The directory's filter box and its "next page" link. */
export function directoryFilter(q: string): Html {
  return html`<form class="filters" method="get" action="/directory" role="search" aria-label="Find members">
  <div class="field">
    <label for="directory-q">Find members</label>
    <input id="directory-q" name="q" type="search" value="${q}" maxlength="100" placeholder="Name, handle or headline">
  </div>
  <div class="actions"><button type="submit" class="secondary">Find</button>${q ? html` <a href="/directory">Show everyone</a>` : ""}</div>
</form>`;
}

export function directoryPagination(
  q: string,
  nextCursor: string | null,
  onFirstPage: boolean,
): Html {
  if (!nextCursor && onFirstPage) return html``;
  return html`<nav class="pagination" aria-label="More members">
  <span>${onFirstPage ? "" : html`<a href="${listUrl("/directory", { q })}">From the start</a>`}</span>
  <span>${nextCursor ? html`<a href="${listUrl("/directory", { q, cursor: nextCursor })}" rel="next">More members</a>` : ""}</span>
</nav>`;
}
