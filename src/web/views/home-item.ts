import { html } from "hono/html";
import type { HomeItem, ReplyContext, TimelineActor } from "../../domain/federation/index.ts";
import type { Html } from "../layout.ts";
import { actorAddress, actorHref } from "./actor-summary.ts";
import { entryArticle } from "./entry-card.ts";
import { remotePostCard } from "./remote-account.ts";
import { postPaths } from "./thread-actions.ts";

/** "↻ Shared by X": the line above a post someone the member follows shared. */
function sharedLine(by: TimelineActor): Html {
  return html`<p class="timeline-context small muted"><span aria-hidden="true">↻ </span>Shared by <a href="${actorHref(by)}">${by.displayName}</a></p>`;
}

/** "↩ Replying to @y", linked to the thread when the member may see the parent. */
function replyLine(reply: ReplyContext): Html {
  const arrow = html`<span aria-hidden="true">↩ </span>`;
  if (reply.parentId && reply.author) {
    return html`<p class="timeline-context small muted">${arrow}<a href="${postPaths.page(reply.parentId)}">Replying to ${actorAddress(reply.author)}</a></p>`;
  }
  if (reply.uri) {
    return html`<p class="timeline-context small muted">${arrow}<a href="${reply.uri}" rel="nofollow noopener ugc">Replying to a post on another server</a></p>`;
  }
  return html`<p class="timeline-context small muted">${arrow}A reply to a post not shown here</p>`;
}

/** One home timeline item: context lines, then the entry or remote post card. */
export function homeItem(item: HomeItem, viewerId: string): Html {
  const card =
    item.kind === "entry"
      ? entryArticle(item.entry, { viewerId, showAuthor: true })
      : remotePostCard(item.post, true);
  const classes = `timeline-item${item.sharedBy ? " shared" : ""}`;
  return html`<li class="${classes}">
  ${item.sharedBy ? sharedLine(item.sharedBy) : ""}
  ${item.replyTo ? replyLine(item.replyTo) : ""}
  ${card}
</li>`;
}
