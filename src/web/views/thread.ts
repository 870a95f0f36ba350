import { html } from "hono/html";
import { ENTRY_AUDIENCES } from "../../domain/entries/index.ts";
import type { ThreadPost, ThreadView } from "../../domain/interactions/index.ts";
import type { Html } from "../layout.ts";
import { type Errors, formProblem, selectField, textareaField } from "../routes/accounts/forms.ts";
import { entryArticle } from "./entry-card.ts";
import { AUDIENCE_OPTIONS } from "./labels.ts";
import { remotePostCard } from "./remote-account.ts";
import {
  acceptButton,
  audienceOf,
  clearAcceptButton,
  type FormContext,
  postActions,
  postPaths,
} from "./thread-actions.ts";

/** A thread page's parts: context above the post, replies and the reply form below. */

export interface ThreadRenderOptions extends FormContext {
  viewerId: string | null;
}

/** The question a post answers, when it replies to one in this thread. */
function questionOf(thread: ThreadView, post: ThreadPost): ThreadPost | undefined {
  const all = [...thread.ancestors, thread.focus, ...thread.descendants];
  return all.find((other) => other.id === post.inReplyToId && other.isQuestion);
}

function badges(thread: ThreadView, post: ThreadPost): Html {
  const question = questionOf(thread, post);
  const accepted = question?.acceptedAnswerId === post.id;
  return html`${post.isQuestion ? html`<span class="question-badge">Question</span>` : ""}${accepted ? html`<span class="accepted-badge">Accepted answer</span>` : ""}`;
}

/** One post of a thread (not the page's own entry): its card, badges and buttons. */
export function threadPost(
  thread: ThreadView,
  post: ThreadPost,
  options: ThreadRenderOptions,
  depth = 0,
): Html {
  const question = questionOf(thread, post);
  const accepted = question?.acceptedAnswerId === post.id;
  const card =
    post.kind === "entry"
      ? entryArticle(post.entry, { viewerId: options.viewerId, showAuthor: true })
      : remotePostCard(post.post, true);
  const canAccept = options.signedIn && thread.canAcceptAnswers && question && !accepted;
  const canClear = options.signedIn && thread.canAcceptAnswers && question && accepted;
  const classes = `thread-post thread-depth-${depth}${accepted ? " accepted-answer" : ""}`;
  return html`<li id="${postPaths.anchor(post.id)}" class="${classes}">
  ${badges(thread, post)}
  ${card}
  ${postActions(post, options)}
  ${canAccept ? acceptButton(post, question.id, options) : ""}
  ${canClear ? clearAcceptButton(question.id, options) : ""}
</li>`;
}

/** Deepest indentation: deeper replies line up with their parent's level. */
const MAX_DEPTH = 3;

/**
 * The replies in reading order: each followed by its own replies (oldest
 * first at every level), with how deep it sits under the page's post.
 */
function readingOrder(thread: ThreadView): { post: ThreadPost; depth: number }[] {
  const children = new Map<string, ThreadPost[]>();
  const shown = new Set(thread.descendants.map((post) => post.id));
  for (const post of thread.descendants) {
    // A reply whose parent is hidden from this viewer hangs under the page's post.
    const parent =
      post.inReplyToId && shown.has(post.inReplyToId) ? post.inReplyToId : thread.focus.id;
    children.set(parent, [...(children.get(parent) ?? []), post]);
  }
  const order: { post: ThreadPost; depth: number }[] = [];
  const visit = (id: string, depth: number) => {
    for (const post of children.get(id) ?? []) {
      order.push({ post, depth: Math.min(depth, MAX_DEPTH) });
      visit(post.id, depth + 1);
    }
  };
  visit(thread.focus.id, 0);
  return order;
}

/** The posts the page's entry replies to, oldest first. */
export function threadContext(thread: ThreadView, options: ThreadRenderOptions): Html {
  if (thread.ancestors.length === 0) return html``;
  return html`<section class="thread-context" aria-labelledby="context-heading">
  <h2 id="context-heading" class="small muted">In reply to</h2>
  <ol class="thread-list">${thread.ancestors.map((post) => threadPost(thread, post, options))}</ol>
</section>`;
}

/** Under the page's own entry: its badges, counts and buttons. */
export function focusActions(thread: ThreadView, options: ThreadRenderOptions): Html {
  const focus = thread.focus;
  const question = questionOf(thread, focus);
  return html`<div id="${postPaths.anchor(focus.id)}" class="thread-focus${question?.acceptedAnswerId === focus.id ? " accepted-answer" : ""}">
  ${badges(thread, focus)}
  ${postActions(focus, { ...options, replyHref: "#reply-body" })}
</div>`;
}

export interface ReplyFormValues {
  body?: string;
  isQuestion?: string;
  audience?: string;
}

/** The audience a reply starts with: a direct or followers-only thread stays so. */
export function replyAudience(parent: ThreadPost): string {
  const audience = audienceOf(parent);
  return audience === "direct" || audience === "followers" ? audience : "public";
}

const audienceChoices = ENTRY_AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_OPTIONS[a] }));

/** "Reply", "This is a question" and "Audience": posts to `/posts/<id>/reply`. */
export function replyForm(
  parentId: string,
  csrf: Html,
  values: ReplyFormValues,
  errors: Errors = {},
  message?: string,
): Html {
  return html`<form method="post" action="${postPaths.reply(parentId)}" class="stack reply-form" novalidate>
  ${formProblem(message)}
  ${csrf}
  ${textareaField({ name: "body", id: "reply-body", label: "Reply", value: values.body ?? "", error: errors.body, rows: 4, hint: "Markdown works. Mention people with @handle or @user@server." })}
  <div class="choice">
    <input type="checkbox" id="reply-question" name="isQuestion" value="on"${values.isQuestion ? html` checked` : ""}>
    <label for="reply-question">This is a question</label>
  </div>
  ${selectField({ name: "audience", id: "reply-audience", label: "Audience", value: values.audience ?? "public", options: audienceChoices, error: errors.audience })}
  <div class="actions"><button type="submit">Reply</button></div>
</form>`;
}

/** The replies below the entry, and the form to add one. */
export function threadReplies(
  thread: ThreadView,
  options: ThreadRenderOptions,
  form: Html | null,
): Html {
  const count = thread.descendants.length;
  return html`<section class="thread-replies" aria-labelledby="replies-heading">
  <h2 id="replies-heading">${count === 0 ? "Replies" : `Replies (${count})`}</h2>
  ${count === 0 ? html`<p class="empty">No replies yet.</p>` : html`<ol class="thread-list">${readingOrder(thread).map(({ post, depth }) => threadPost(thread, post, options, depth))}</ol>`}
  ${form ?? ""}
</section>`;
}
