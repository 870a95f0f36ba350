import { Hono } from "hono";
import { html } from "hono/html";
import { notShown } from "../../../domain/entries/index.ts";
import {
  type ConversationSummary,
  conversationStart,
  directConversations,
} from "../../../domain/interactions/index.ts";
import type { AppEnv } from "../../env.ts";
import { type Html, renderPage } from "../../layout.ts";
import { avatar } from "../../views/avatar.ts";
import { formatDateTime } from "../../views/labels.ts";
import { postPaths } from "../../views/thread-actions.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { renderThreadPage } from "./thread-page.ts";

function who(conversation: ConversationSummary): string {
  const names = conversation.participants.map((p) =>
    p.host ? `${p.displayName} (@${p.handle}@${p.host})` : `${p.displayName} (@${p.handle})`,
  );
  return names.length > 0 ? names.join(", ") : "Only you";
}

function conversationList(list: readonly ConversationSummary[]): Html {
  if (list.length === 0) {
    return html`<p class="empty">No conversations yet. A direct entry (audience "Direct") starts one with the people it mentions.</p>`;
  }
  return html`<ul class="conversation-list">${list.map(
    (conversation) => html`<li class="conversation">
  <a class="conversation-link" href="${postPaths.conversation(conversation.id)}"><span class="conversation-avatars">${conversation.participants.slice(0, 3).map((p) => avatar(p, true))}</span><strong>${who(conversation)}</strong></a>
  <p class="conversation-preview">${conversation.preview}</p>
  <p class="small muted">${conversation.posts === 1 ? "1 message" : `${conversation.posts} messages`} · last <time datetime="${conversation.lastAt.toISOString()}">${formatDateTime(conversation.lastAt)}</time></p>
</li>`,
  )}</ul>`;
}

/** `/conversations`: the member's direct threads; `/conversations/<id>`: one, for its participants. */
export function conversationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/conversations", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const list = await directConversations(c.get("ctx"), user);
    c.header("Cache-Control", "private, no-store");
    return renderPage(c, {
      title: "Conversations",
      head: html`<meta name="robots" content="noindex">`,
      body: html`<div class="page-heading">
  <h1>Conversations</h1>
  <a class="button" href="/compose">New entry</a>
</div>
<p class="muted">Direct threads with people here and on other servers. Only the people in a conversation can read it.</p>
${conversationList(list)}`,
    });
  });

  app.get("/conversations/:id", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    // Someone who joined later starts at their first post of it.
    const start = await conversationStart(c.get("ctx"), user, c.req.param("id"));
    if (!start) throw notShown();
    return renderThreadPage(c, start, {
      title: "Conversation",
      back: (thread) => postPaths.conversation(thread.rootId),
    });
  });

  return app;
}
