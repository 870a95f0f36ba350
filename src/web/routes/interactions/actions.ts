import { type Context, Hono } from "hono";
import type { Ctx } from "../../../domain/context.ts";
import { notShown } from "../../../domain/entries/index.ts";
import {
  acceptAnswer,
  bookmarkPost,
  clearAcceptedAnswer,
  findPost,
  likePost,
  sharePost,
  unbookmarkPost,
  unlikePost,
  unsharePost,
} from "../../../domain/interactions/index.ts";
import type { CurrentUser } from "../../../domain/viewer.ts";
import type { AppEnv } from "../../env.ts";
import { REACTION_VERBS, type ReactionVerb } from "../../views/thread-actions.ts";
import { safeNext, signedInOrRedirect } from "../accounts/request.ts";
import { viewerOf } from "../entries/request.ts";
import { postPagePath } from "./thread-page.ts";

type Operation = (ctx: Ctx, user: CurrentUser, postId: string) => Promise<unknown>;

const OPERATIONS: Record<ReactionVerb, Operation> = {
  like: likePost,
  unlike: unlikePost,
  share: sharePost,
  unshare: unsharePost,
  bookmark: bookmarkPost,
  unbookmark: unbookmarkPost,
};

/** Back to the page the button was on (a local path), else the post's own page. */
async function back(c: Context<AppEnv>, postId: string, next: unknown): Promise<Response> {
  const target = safeNext(typeof next === "string" ? next : null);
  if (target) return c.redirect(target, 303);
  const post = await findPost(c.get("ctx"), viewerOf(c), postId);
  if (!post) throw notShown();
  return c.redirect(postPagePath(post), 303);
}

/** The like, share and bookmark buttons and "Accept answer": forms that post and come back. */
export function actionRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const verb of REACTION_VERBS) {
    app.post(`/posts/:id/${verb}`, async (c) => {
      const user = signedInOrRedirect(c);
      if (user instanceof Response) return user;
      const form = await c.req.parseBody();
      const id = c.req.param("id");
      await OPERATIONS[verb](c.get("ctx"), user, id);
      return back(c, id, form.next);
    });
  }
  app.post("/posts/:id/accept-answer", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const form = await c.req.parseBody();
    const answerId = c.req.param("id");
    const questionId = typeof form.questionId === "string" ? form.questionId : "";
    await acceptAnswer(c.get("ctx"), user, { questionId, answerId });
    return back(c, answerId, form.next);
  });
  app.post("/posts/:id/clear-accepted-answer", async (c) => {
    const user = signedInOrRedirect(c);
    if (user instanceof Response) return user;
    const form = await c.req.parseBody();
    const questionId = c.req.param("id");
    await clearAcceptedAnswer(c.get("ctx"), user, { questionId });
    return back(c, questionId, form.next);
  });
  return app;
}
