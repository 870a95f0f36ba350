import { html } from "hono/html";
import type { PostStats, ThreadPost } from "../../domain/interactions/index.ts";
import type { Html } from "../layout.ts";

/** Where the interaction forms post, in one place. */
export const postPaths = {
  page: (id: string) => `/posts/${id}`,
  action: (id: string, verb: ReactionVerb) => `/posts/${id}/${verb}`,
  reply: (id: string) => `/posts/${id}/reply`,
  acceptAnswer: (id: string) => `/posts/${id}/accept-answer`,
  /** Clears the accepted answer of the question `id`. */
  clearAcceptedAnswer: (id: string) => `/posts/${id}/clear-accepted-answer`,
  conversations: "/conversations",
  conversation: (id: string) => `/conversations/${id}`,
  /** The anchor of a post inside a thread page. */
  anchor: (id: string) => `post-${id}`,
};

export const REACTION_VERBS = [
  "like",
  "unlike",
  "share",
  "unshare",
  "bookmark",
  "unbookmark",
] as const;
export type ReactionVerb = (typeof REACTION_VERBS)[number];

/** What a signed-in member's forms need: the CSRF field and where to come back to. */
export interface FormContext {
  csrf: Html;
  /** The page the buttons sit on (a local path). */
  back: string;
  /** The viewer is signed in (buttons), else only counts show. */
  signedIn: boolean;
  /** Where "Reply" goes: the reply page, or the form already on this page. */
  replyHref?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function counts(stats: PostStats): Html {
  return html`<span class="post-counts small muted">${plural(stats.likes, "like", "likes")} · ${plural(stats.shares, "share", "shares")} · ${plural(stats.replies, "reply", "replies")}</span>`;
}

function button(
  post: ThreadPost,
  form: FormContext,
  verb: ReactionVerb,
  label: string,
  on: boolean,
) {
  return html`<form method="post" action="${postPaths.action(post.id, verb)}" class="inline-form">${form.csrf}<input type="hidden" name="next" value="${form.back}"><button type="submit" class="button button-small${on ? "" : " button-secondary"}" aria-pressed="${on ? "true" : "false"}">${label}</button></form>`;
}

export function audienceOf(post: ThreadPost): string {
  return post.kind === "entry" ? post.entry.audience : post.post.audience;
}

/** Counts, and for members the like, share, bookmark and reply buttons of one post. */
export function postActions(post: ThreadPost, form: FormContext): Html {
  if (!form.signedIn) return html`<div class="post-actions">${counts(post.stats)}</div>`;
  const { liked, shared, bookmarked } = post.stats;
  const shareable = ["public", "unlisted"].includes(audienceOf(post));
  return html`<div class="post-actions no-print" role="group" aria-label="Respond to this post">
  ${counts(post.stats)}
  ${button(post, form, liked ? "unlike" : "like", liked ? "Liked" : "Like", liked)}
  ${shareable ? button(post, form, shared ? "unshare" : "share", shared ? "Shared" : "Share", shared) : ""}
  ${button(post, form, bookmarked ? "unbookmark" : "bookmark", bookmarked ? "Bookmarked" : "Bookmark", bookmarked)}
  <a class="button button-small button-secondary" href="${form.replyHref ?? postPaths.reply(post.id)}">Reply</a>
</div>`;
}

/** The root author's button under the accepted answer: no answer is accepted any more. */
export function clearAcceptButton(questionId: string, form: FormContext): Html {
  return html`<form method="post" action="${postPaths.clearAcceptedAnswer(questionId)}" class="inline-form accept-answer">${form.csrf}<input type="hidden" name="next" value="${form.back}"><button type="submit" class="button button-small button-secondary">Clear accepted answer</button></form>`;
}

/** The root author's button under a reply to a question. */
export function acceptButton(answer: ThreadPost, questionId: string, form: FormContext): Html {
  return html`<form method="post" action="${postPaths.acceptAnswer(answer.id)}" class="inline-form accept-answer">${form.csrf}<input type="hidden" name="questionId" value="${questionId}"><input type="hidden" name="next" value="${form.back}"><button type="submit" class="button button-small">Accept answer</button></form>`;
}
