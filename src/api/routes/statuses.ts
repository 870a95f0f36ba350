import { type Context, Hono } from "hono";
import { z } from "zod";
import { pageRequest } from "../../domain/api/paging.ts";
import {
  cancelScheduled,
  reschedule,
  scheduledStatus,
  scheduledStatuses,
} from "../../domain/api/scheduled.ts";
import { parseApiInput } from "../../domain/api/status-input.ts";
import {
  ownShareId,
  postIdOf,
  reactorsOf,
  statusHistory,
  threadIds,
} from "../../domain/api/status-reads.ts";
import {
  deleteStatus,
  editStatus,
  type PostOutcome,
  postStatus,
  statusSource,
} from "../../domain/api/statuses.ts";
import {
  bookmarkPost,
  likePost,
  sharePost,
  unbookmarkPost,
  unlikePost,
  unsharePost,
} from "../../domain/interactions/reactions.ts";
import { pinEntry, unpinEntry } from "../../domain/portfolios/pins.ts";
import { apiUser, apiViewer, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";
import { pageParams, setPageLinks } from "../pagination.ts";
import { loadAccounts } from "../serializers/account.ts";
import { serializeScheduled } from "../serializers/scheduled.ts";
import { accountsFor, loadStatus, loadStatuses, serializeEdit } from "../serializers/status.ts";

type C = Context<ApiEnv>;

/** The status as the viewer sees it now, or Mastodon's 404. */
async function statusJson(c: C, id: string) {
  const status = await loadStatus(c.get("ctx"), apiViewer(c), id);
  if (!status) throw apiError(404, "Record not found");
  return status;
}

async function answerPosted(c: C, outcome: PostOutcome) {
  const ctx = c.get("ctx");
  if (outcome.kind === "scheduled") {
    const view = await scheduledStatus(ctx, apiUser(c), outcome.id);
    return c.json(serializeScheduled(view, ctx.config.publicUrl));
  }
  return c.json(await statusJson(c, outcome.id));
}

/** A reaction (favourite, bookmark…) on the post an id stands for, answering its status. */
function reaction(
  act: (
    ctx: ApiEnv["Variables"]["ctx"],
    user: ReturnType<typeof apiUser>,
    postId: string,
  ) => Promise<unknown>,
) {
  return async (c: C) => {
    const ctx = c.get("ctx");
    const postId = await postIdOf(ctx, c.req.param("id") ?? "");
    await act(ctx, apiUser(c), postId);
    return c.json(await statusJson(c, postId));
  };
}

const reblogSchema = z.object({
  visibility: z
    .enum(["public", "unlisted", "private"], {
      error: "Visibility must be public, unlisted or private",
    })
    .default("public"),
});
const SHARE_AUDIENCE = { public: "public", unlisted: "unlisted", private: "followers" } as const;

/**
 * Statuses (https://docs.joinmastodon.org/methods/statuses/) and scheduled
 * statuses. Entries are written by the entries domain, reactions by the
 * interactions domain; every read goes through `statusViews`.
 */
export function statusesRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const read = requireScope("read:statuses");
  const write = requireScope("write:statuses");
  const publicRead = requireScope("read:statuses", { optional: true });

  app.post("/api/v1/statuses", write, async (c) => {
    const params = await readParams(c);
    const outcome = await postStatus(
      c.get("ctx"),
      apiUser(c),
      params,
      c.req.header("idempotency-key") ?? null,
    );
    return answerPosted(c, outcome);
  });

  app.get("/api/v1/statuses", publicRead, async (c) => {
    const ids = (c.req.queries("id[]") ?? c.req.queries("id") ?? []).slice(0, 40);
    return c.json(await loadStatuses(c.get("ctx"), apiViewer(c), ids));
  });

  app.get("/api/v1/statuses/:id", publicRead, async (c) =>
    c.json(await statusJson(c, c.req.param("id"))),
  );

  app.put("/api/v1/statuses/:id", write, async (c) => {
    const id = c.req.param("id");
    await editStatus(c.get("ctx"), apiUser(c), id, await readParams(c));
    return c.json(await statusJson(c, id));
  });

  app.delete("/api/v1/statuses/:id", write, async (c) => {
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const id = c.req.param("id");
    // Deleting one's reblog undoes it (as Mastodon does), answering the reblog as it was.
    const postId = await postIdOf(ctx, id);
    if (postId !== id && (await ownShareId(ctx, user, postId)) === id) {
      const reblog = await statusJson(c, id);
      await unsharePost(ctx, user, postId);
      return c.json(reblog);
    }
    // Answered with its text as written, for "delete & redraft".
    const source = await statusSource(ctx, user, id);
    const status = await statusJson(c, id);
    await deleteStatus(ctx, user, id);
    return c.json({ ...status, text: source.text, spoiler_text: source.spoiler_text });
  });

  app.get("/api/v1/statuses/:id/source", read, async (c) =>
    c.json(await statusSource(c.get("ctx"), apiUser(c), c.req.param("id"))),
  );

  app.get("/api/v1/statuses/:id/history", publicRead, async (c) => {
    const ctx = c.get("ctx");
    const viewer = apiViewer(c);
    const postId = await postIdOf(ctx, c.req.param("id"));
    const { post, edits } = await statusHistory(ctx, viewer, postId);
    const accounts = await accountsFor(ctx, viewer, [], [post.authorId]);
    const account = accounts.get(post.authorId);
    if (!account) throw apiError(404, "Record not found");
    return c.json(edits.map((edit) => serializeEdit(post, edit, account, ctx.config.publicUrl)));
  });

  app.get("/api/v1/statuses/:id/context", publicRead, async (c) => {
    const ctx = c.get("ctx");
    const viewer = apiViewer(c);
    const postId = await postIdOf(ctx, c.req.param("id"));
    const { ancestors, descendants } = await threadIds(ctx, viewer, postId);
    const [up, down] = await Promise.all([
      loadStatuses(ctx, viewer, ancestors),
      loadStatuses(ctx, viewer, descendants),
    ]);
    return c.json({ ancestors: up, descendants: down });
  });

  const favourite = requireScope("write:favourites");
  app.post("/api/v1/statuses/:id/favourite", favourite, reaction(likePost));
  app.post("/api/v1/statuses/:id/unfavourite", favourite, reaction(unlikePost));
  const bookmark = requireScope("write:bookmarks");
  app.post("/api/v1/statuses/:id/bookmark", bookmark, reaction(bookmarkPost));
  app.post("/api/v1/statuses/:id/unbookmark", bookmark, reaction(unbookmarkPost));
  const pin = requireScope("write:accounts");
  app.post("/api/v1/statuses/:id/pin", pin, reaction(pinEntry));
  app.post("/api/v1/statuses/:id/unpin", pin, reaction(unpinEntry));
  app.post("/api/v1/statuses/:id/unreblog", write, reaction(unsharePost));

  app.post("/api/v1/statuses/:id/reblog", write, async (c) => {
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const { visibility } = parseApiInput(reblogSchema, await readParams(c));
    const postId = await postIdOf(ctx, c.req.param("id"));
    await sharePost(ctx, user, postId, { audience: SHARE_AUDIENCE[visibility] });
    const shareId = await ownShareId(ctx, user, postId);
    return c.json(await statusJson(c, shareId ?? postId));
  });

  for (const [path, which] of [
    ["favourited_by", "likes"],
    ["reblogged_by", "shares"],
  ] as const) {
    app.get(`/api/v1/statuses/:id/${path}`, publicRead, async (c) => {
      const ctx = c.get("ctx");
      const viewer = apiViewer(c);
      const page = pageRequest(pageParams(c, { limit: 40, max: 80 }));
      const found = await reactorsOf(ctx, viewer, c.req.param("id"), which, page);
      setPageLinks(c, found.pageIds);
      return c.json(await loadAccounts(ctx, viewer, found.actorIds));
    });
  }

  app.get("/api/v1/scheduled_statuses", read, async (c) => {
    const ctx = c.get("ctx");
    const { limit } = pageParams(c, { limit: 20, max: 40 });
    const views = await scheduledStatuses(ctx, apiUser(c), { limit });
    return c.json(views.map((view) => serializeScheduled(view, ctx.config.publicUrl)));
  });

  app.get("/api/v1/scheduled_statuses/:id", read, async (c) => {
    const ctx = c.get("ctx");
    const view = await scheduledStatus(ctx, apiUser(c), c.req.param("id"));
    return c.json(serializeScheduled(view, ctx.config.publicUrl));
  });

  app.put("/api/v1/scheduled_statuses/:id", write, async (c) => {
    const ctx = c.get("ctx");
    const view = await reschedule(ctx, apiUser(c), c.req.param("id"), await readParams(c));
    return c.json(serializeScheduled(view, ctx.config.publicUrl));
  });

  app.delete("/api/v1/scheduled_statuses/:id", write, async (c) => {
    await cancelScheduled(c.get("ctx"), apiUser(c), c.req.param("id"));
    return c.json({});
  });

  return app;
}
