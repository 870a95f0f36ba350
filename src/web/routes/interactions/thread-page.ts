import type { Context } from "hono";
import { html } from "hono/html";
import type { PostRef, ThreadPost, ThreadView } from "../../../domain/interactions/index.ts";
import { threadView } from "../../../domain/interactions/index.ts";
import type { AppEnv } from "../../env.ts";
import { csrfField, type Html, type PageOptions, renderPage } from "../../layout.ts";
import { paths } from "../../urls.ts";
import { entryArticle } from "../../views/entry-card.ts";
import { remotePostCard } from "../../views/remote-account.ts";
import {
  focusActions,
  type ReplyFormValues,
  replyAudience,
  replyForm,
  type ThreadRenderOptions,
  threadContext,
  threadReplies,
} from "../../views/thread.ts";
import { postPaths } from "../../views/thread-actions.ts";
import type { Errors } from "../accounts/forms.ts";
import { viewerOf } from "../entries/request.ts";

/** Where a post is read here: an entry at its permalink, a remote post at `/posts/<id>`. */
export function postPagePath(post: PostRef): string {
  return post.kind === "entry" ? paths.entry(post.authorHandle, post.id) : postPaths.page(post.id);
}

function renderOptions(c: Context<AppEnv>, back: string): ThreadRenderOptions {
  const user = c.get("user");
  return { csrf: csrfField(c), back, signedIn: user !== null, viewerId: user?.actorId ?? null };
}

function signInToReply(back: string): Html {
  return html`<p class="muted"><a href="/sign-in?next=${encodeURIComponent(back)}">Sign in</a> to reply.</p>`;
}

/**
 * The thread around an entry, for its permalink page: what it answers
 * (above), its buttons (under it) and the replies with the reply form (below).
 * A draft has no thread yet.
 */
export async function entryThreadParts(
  c: Context<AppEnv>,
  entry: { id: string; status: string },
  back: string,
): Promise<{ above: Html; actions: Html; below: Html }> {
  if (entry.status !== "published") return { above: html``, actions: html``, below: html`` };
  const thread = await threadView(c.get("ctx"), viewerOf(c), entry.id);
  const options = renderOptions(c, back);
  const form = options.signedIn
    ? replyForm(entry.id, options.csrf, { audience: replyAudience(thread.focus) })
    : signInToReply(back);
  return {
    above: threadContext(thread, options),
    actions: focusActions(thread, options),
    below: threadReplies(thread, options, form),
  };
}

function focusCard(post: ThreadPost, viewerId: string | null): Html {
  return post.kind === "entry"
    ? entryArticle(post.entry, { viewerId, showAuthor: true, standalone: true })
    : remotePostCard(post.post, true);
}

/** Who wrote a post, as headings name them. */
export function authorName(post: ThreadPost): string {
  return post.kind === "entry" ? post.entry.author.displayName : post.post.author.displayName;
}

/** A page around any post: a remote post's page, a conversation, the reply page. */
export async function renderThreadPage(
  c: Context<AppEnv>,
  postId: string,
  page: {
    title: string | ((thread: ThreadView) => string);
    back: (thread: ThreadView) => string;
    /** Reply form values and errors (the reply page after a refused reply). */
    reply?: { values: ReplyFormValues; errors?: Errors; message?: string };
    status?: PageOptions["status"];
    /** Show only the post and the form (the reply page). */
    replyOnly?: boolean;
  },
): Promise<Response> {
  const thread = await threadView(c.get("ctx"), viewerOf(c), postId);
  const options = renderOptions(c, page.back(thread));
  const title = typeof page.title === "string" ? page.title : page.title(thread);
  const values = page.reply?.values ?? { audience: replyAudience(thread.focus) };
  const form = options.signedIn
    ? replyForm(thread.focus.id, options.csrf, values, page.reply?.errors, page.reply?.message)
    : signInToReply(options.back);
  c.header("Cache-Control", "private, no-store");
  return renderPage(c, {
    title,
    status: page.status ?? 200,
    head: html`<meta name="robots" content="noindex">`,
    body: html`<div class="page-heading"><h1>${title}</h1>${page.replyOnly ? html`<a href="${postPaths.page(thread.focus.id)}">Back to the post</a>` : ""}</div>
${page.replyOnly ? "" : threadContext(thread, options)}
${focusCard(thread.focus, options.viewerId)}
${
  page.replyOnly
    ? html`<section aria-label="Your reply">${form}</section>`
    : html`${focusActions(thread, options)}
${threadReplies(thread, options, form)}`
}`,
  });
}
