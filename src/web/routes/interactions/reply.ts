import { Hono } from "hono";
import { createEntry, type NewEntryInput, notShown } from "../../../domain/entries/index.ts";
import { findPost } from "../../../domain/interactions/index.ts";
import type { AppEnv } from "../../env.ts";
import { postPaths } from "../../views/thread-actions.ts";
import { failureOf } from "../accounts/forms.ts";
import { signedInOrRedirect } from "../accounts/request.ts";
import { viewerOf } from "../entries/request.ts";
import { authorName, postPagePath, renderThreadPage } from "./thread-page.ts";

const text = (value: unknown) => (typeof value === "string" ? value : "");

/**
 * `/posts/<id>`: a remote post and its thread (an entry's page is its
 * permalink); `/posts/<id>/reply`: the reply form for any post of a thread.
 */
export function replyRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/posts/:id", async (c) => {
    const post = await findPost(c.get("ctx"), viewerOf(c), c.req.param("id"));
    if (!post) throw notShown();
    if (post.kind === "entry") return c.redirect(postPagePath(post), 302);
    return renderThreadPage(c, post.id, {
      title: "Post and replies",
      back: () => postPaths.page(post.id),
    });
  });

  app.get("/posts/:id/reply", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    return renderThreadPage(c, c.req.param("id"), {
      title: (thread) => `Reply to ${authorName(thread.focus)}`,
      back: (thread) => postPaths.reply(thread.focus.id),
      replyOnly: true,
    });
  });

  app.post("/posts/:id/reply", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const ctx = c.get("ctx");
    const parentId = c.req.param("id");
    const parent = await findPost(ctx, user, parentId);
    if (!parent) throw notShown();
    const form = await c.req.parseBody();
    const values = {
      body: text(form.body),
      isQuestion: text(form.isQuestion),
      audience: text(form.audience),
    };
    try {
      const saved = await createEntry(ctx, user, {
        kind: "note",
        body: values.body,
        // The domain validates it (a bad value is a field error).
        audience: (values.audience || undefined) as NewEntryInput["audience"],
        isQuestion: values.isQuestion,
        inReplyToId: parent.id,
        action: "publish",
      });
      return c.redirect(`${postPagePath(parent)}#${postPaths.anchor(saved.id)}`, 303);
    } catch (error) {
      const failure = failureOf(error);
      if (failure.status !== 422) throw error;
      return renderThreadPage(c, parent.id, {
        title: (thread) => `Reply to ${authorName(thread.focus)}`,
        back: (thread) => postPaths.reply(thread.focus.id),
        replyOnly: true,
        status: 422,
        reply: { values, errors: failure.fields, message: failure.message },
      });
    }
  });

  return app;
}
