import { html } from "hono/html";
import type {
  NotificationPost,
  NotificationType,
  NotificationView,
} from "../../domain/notifications/index.ts";
import type { Html } from "../layout.ts";
import { paths } from "../urls.ts";
import { actorAddress, actorHref } from "./actor-summary.ts";
import { avatar } from "./avatar.ts";
import { entryPaths } from "./entry-paths.ts";
import { formatDate } from "./labels.ts";

/** What happened, after the actor's name. */
const SENTENCES: Record<NotificationType, string> = {
  follow: "followed you",
  follow_request: "asked to follow you",
  reply: "replied to your entry",
  mention: "mentioned you",
  question: "asked you a question",
  answer_accepted: "accepted your answer",
  like: "liked your entry",
  share: "shared your entry",
  coach: "The coach has a suggestion for you",
  report: "filed a report",
  move: "moved to a new account",
};

function postHref(post: NotificationPost): string {
  return post.kind === "entry" ? paths.entry(post.authorHandle, post.id) : post.url;
}

function postQuote(post: NotificationPost | null): Html {
  if (!post) return html``;
  const text = post.kind === "entry" && post.title ? post.title : post.excerpt || "(no text)";
  const external = post.kind === "remote" ? html` rel="nofollow noopener ugc"` : "";
  return html`<blockquote class="notification-post"><a href="${postHref(post)}"${external}>${text}</a></blockquote>`;
}

/** What the coach found in a post made from an app (kept with the notification). */
function coachFindings(n: NotificationView): Html {
  const found = Array.isArray(n.detail.findings) ? n.detail.findings : [];
  const reasons = found
    .map((f) => (f && typeof f === "object" && "reason" in f ? String(f.reason) : ""))
    .filter((reason) => reason !== "");
  if (reasons.length === 0) return html``;
  return html`<ul class="coach-findings small">${reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`;
}

/** The link that follows up on it: the request page, the report queue, the editor. */
function followUp(n: NotificationView): Html {
  if (n.type === "coach" && n.post?.kind === "entry") {
    return html`<a href="${entryPaths.edit(n.post.authorHandle, n.post.id)}">Fix it in the editor</a>`;
  }
  if (n.type === "follow_request") {
    return html`<a href="/follow-requests">Review follow requests</a>`;
  }
  if (n.type === "report") return html`<a href="/admin/reports">Open the reports</a>`;
  if (n.type === "question" || n.type === "reply") {
    const answered = n.inReplyTo ?? (n.post?.kind === "entry" ? n.post : null);
    if (answered) return html`<a href="${postHref(answered)}">See the conversation</a>`;
  }
  return html``;
}

function sentence(n: NotificationView): Html {
  const what = SENTENCES[n.type];
  if (!n.from)
    return html`<span>${n.type === "report" ? "Someone on another server filed a report" : what}</span>`;
  return html`<a class="p-name" href="${actorHref(n.from)}">${n.from.displayName}</a> <span class="small muted">${actorAddress(n.from)}</span> ${what}`;
}

function item(n: NotificationView, dismiss: (id: string) => Html): Html {
  return html`<li class="notification${n.readAt ? "" : " unread"}" id="notification-${n.id}">
  ${n.from ? avatar(n.from, true) : html`<span class="avatar avatar-small" aria-hidden="true">★</span>`}
  <div class="notification-body">
    <p class="notification-what">${n.readAt ? "" : html`<span class="new-badge">New</span> `}${sentence(n)}
      <time class="small muted" datetime="${n.createdAt.toISOString()}">${n.createdAt.toISOString().slice(11, 16)} UTC</time></p>
    ${postQuote(n.post)}
    ${n.type === "coach" ? coachFindings(n) : ""}
    <div class="notification-actions small">${followUp(n)} ${dismiss(n.id)}</div>
  </div>
</li>`;
}

/** Notifications under one heading per day (UTC), newest first. */
export function notificationsByDay(
  list: readonly NotificationView[],
  dismiss: (id: string) => Html,
): Html {
  const days = new Map<string, NotificationView[]>();
  for (const n of list) {
    const day = n.createdAt.toISOString().slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), n]);
  }
  return html`${[...days].map(
    ([day, items]) => html`<section class="notification-day" aria-labelledby="day-${day}">
  <h2 id="day-${day}">${formatDate(new Date(`${day}T12:00:00Z`))}</h2>
  <ul class="notification-list">${items.map((n) => item(n, dismiss))}</ul>
</section>`,
  )}`;
}
