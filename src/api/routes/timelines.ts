import { type Context, Hono } from "hono";
import { z } from "zod";
import { accountViews } from "../../domain/api/accounts.ts";
import { pageRequest } from "../../domain/api/paging.ts";
import { parseApiInput } from "../../domain/api/status-input.ts";
import {
  accountTimeline,
  homeTimeline,
  publicTimeline,
  savedTimeline,
  type TimelinePage,
  tagTimeline,
} from "../../domain/api/timelines.ts";
import { apiUser, apiViewer, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError } from "../errors.ts";
import { pageParams, setPageLinks } from "../pagination.ts";
import { responseCache } from "../response-cache.ts";
import { loadStatuses } from "../serializers/status.ts";

type C = Context<ApiEnv>;

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => value === "true" || value === "1");

const listSchema = z.object({
  local: flag,
  remote: flag,
  only_media: flag,
  pinned: flag,
  exclude_replies: flag,
  exclude_reblogs: flag,
  tagged: z.string().max(100).optional(),
});

function options(c: C) {
  return parseApiInput(listSchema, c.req.query());
}

const page = (c: C) => pageRequest(pageParams(c, { limit: 20, max: 40 }));

/** Loads a timeline page's statuses (ids picked with the listing rule) and sets its Link header. */
async function answer(c: C, found: TimelinePage) {
  setPageLinks(c, found.pageIds);
  return c.json(await loadStatuses(c.get("ctx"), apiViewer(c), found.ids));
}

/**
 * Timelines (https://docs.joinmastodon.org/methods/timelines/), an account's
 * statuses, bookmarks and favourites: lists of ids from the timelines
 * domain, loaded through `statusViews`. Answers are kept for a few seconds per
 * member and URL, and forgotten on any write (`responseCache`).
 */
export function timelinesRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const publicRead = requireScope("read:statuses", { optional: true });
  const cached = responseCache();

  app.get("/api/v1/timelines/home", requireScope("read:statuses"), cached, async (c) =>
    answer(c, await homeTimeline(c.get("ctx"), apiUser(c), page(c))),
  );

  app.get("/api/v1/timelines/public", publicRead, cached, async (c) => {
    const o = options(c);
    const found = await publicTimeline(c.get("ctx"), apiViewer(c), page(c), {
      local: o.local,
      remote: o.remote,
      onlyMedia: o.only_media,
    });
    return answer(c, found);
  });

  app.get("/api/v1/timelines/tag/:hashtag", publicRead, cached, async (c) => {
    const o = options(c);
    const tag = c.req.param("hashtag");
    if (tag.length > 100) throw apiError(422, "Validation failed: hashtag: too long");
    const found = await tagTimeline(c.get("ctx"), apiViewer(c), tag, page(c), {
      local: o.local,
      remote: o.remote,
      onlyMedia: o.only_media,
    });
    return answer(c, found);
  });

  app.get("/api/v1/accounts/:id/statuses", publicRead, cached, async (c) => {
    const ctx = c.get("ctx");
    const viewer = apiViewer(c);
    const id = c.req.param("id");
    const o = options(c);
    const known = await accountViews(ctx, viewer, [id]);
    if (!known.has(id)) throw apiError(404, "Record not found");
    const found = await accountTimeline(ctx, viewer, id, page(c), {
      pinned: o.pinned,
      onlyMedia: o.only_media,
      excludeReplies: o.exclude_replies,
      excludeReblogs: o.exclude_reblogs,
      tagged: o.tagged ?? null,
    });
    return answer(c, found);
  });

  app.get("/api/v1/bookmarks", requireScope("read:bookmarks"), cached, async (c) =>
    answer(c, await savedTimeline(c.get("ctx"), apiUser(c), "bookmarks", page(c))),
  );

  app.get("/api/v1/favourites", requireScope("read:favourites"), cached, async (c) =>
    answer(c, await savedTimeline(c.get("ctx"), apiUser(c), "likes", page(c))),
  );

  return app;
}
