import { type Context, Hono } from "hono";
import { z } from "zod";
import { featuredTagsOf } from "../../domain/api/account-lists.ts";
import { pageRequest } from "../../domain/api/paging.ts";
import { unfollowRemote } from "../../domain/federation/follows.ts";
import { followRemoteAccount } from "../../domain/federation/remote-profile.ts";
import { follow, unfollow } from "../../domain/follows.ts";
import { blockActor, blockedActors, unblockActor } from "../../domain/moderation/blocks.ts";
import {
  approveFollowRequest,
  pendingFollowRequests,
  rejectFollowRequest,
} from "../../domain/moderation/follow-requests.ts";
import { muteActor, mutedActors, unmuteActor } from "../../domain/moderation/mutes.ts";
import { accountOr404, featuredTag } from "../account-lookup.ts";
import { flagParam } from "../account-params.ts";
import { apiUser, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";
import { pageParams, setPageLinks } from "../pagination.ts";
import { loadAccounts } from "../serializers/account.ts";
import { loadRelationships } from "../serializers/relationship.ts";

/** The relationship with one account after an action, as Mastodon answers. */
async function relationshipWith(c: Context<ApiEnv>, id: string) {
  const [relationship] = await loadRelationships(c.get("ctx"), apiUser(c), [id]);
  return c.json(relationship);
}

/** A page of the member's own list of accounts, with its `Link` header (cursors: account ids). */
async function accountPage(
  c: Context<ApiEnv>,
  list: (page: ReturnType<typeof pageRequest>) => Promise<{ id: string }[]>,
) {
  const found = await list(pageRequest(pageParams(c, { limit: 40, max: 80 })));
  const ids = found.map((account) => account.id);
  setPageLinks(c, ids);
  return c.json(await loadAccounts(c.get("ctx"), apiUser(c), ids));
}

const muteSchema = z.object({
  notifications: flagParam.optional(),
  duration: z.coerce.number().int().min(0).max(31_536_000).optional(),
});

/**
 * Following, blocking and muting accounts, and the member's lists of
 * follow requests, blocks and mutes: the same domain operations as the pages.
 */
export function accountRelationRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/api/v1/accounts/:id/follow", requireScope("write:follows"), async (c) => {
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const target = await accountOr404(c, user, c.req.param("id"));
    if (target.host === null) await follow(ctx, user, { handle: target.handle });
    else await followRemoteAccount(ctx, user, target.id);
    return relationshipWith(c, target.id);
  });

  app.post("/api/v1/accounts/:id/unfollow", requireScope("write:follows"), async (c) => {
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const target = await accountOr404(c, user, c.req.param("id"));
    if (target.host === null) await unfollow(ctx, user, { handle: target.handle });
    else await unfollowRemote(ctx, user, target.id);
    return relationshipWith(c, target.id);
  });

  app.post("/api/v1/accounts/:id/block", requireScope("write:blocks"), async (c) => {
    await blockActor(c.get("ctx"), apiUser(c), c.req.param("id"));
    return relationshipWith(c, c.req.param("id"));
  });

  app.post("/api/v1/accounts/:id/unblock", requireScope("write:blocks"), async (c) => {
    await unblockActor(c.get("ctx"), apiUser(c), c.req.param("id"));
    return relationshipWith(c, c.req.param("id"));
  });

  app.post("/api/v1/accounts/:id/mute", requireScope("write:mutes"), async (c) => {
    const parsed = muteSchema.safeParse(await readParams(c));
    if (!parsed.success) throw apiError(422, "Validation failed: notifications or duration");
    await muteActor(c.get("ctx"), apiUser(c), c.req.param("id"), {
      hideNotifications: parsed.data.notifications ?? true,
      durationSeconds: parsed.data.duration || null,
    });
    return relationshipWith(c, c.req.param("id"));
  });

  app.post("/api/v1/accounts/:id/unmute", requireScope("write:mutes"), async (c) => {
    await unmuteActor(c.get("ctx"), apiUser(c), c.req.param("id"));
    return relationshipWith(c, c.req.param("id"));
  });

  app.get("/api/v1/follow_requests", requireScope("read:follows"), (c) =>
    accountPage(c, (page) => pendingFollowRequests(c.get("ctx"), apiUser(c), { page })),
  );

  app.post("/api/v1/follow_requests/:id/authorize", requireScope("write:follows"), async (c) => {
    await approveFollowRequest(c.get("ctx"), apiUser(c), c.req.param("id"));
    return relationshipWith(c, c.req.param("id"));
  });

  app.post("/api/v1/follow_requests/:id/reject", requireScope("write:follows"), async (c) => {
    await rejectFollowRequest(c.get("ctx"), apiUser(c), c.req.param("id"));
    return relationshipWith(c, c.req.param("id"));
  });

  // Most recent first, paged by the accounts' ids (the positions are when each began).
  app.get("/api/v1/blocks", requireScope("read:blocks"), (c) =>
    accountPage(c, (page) => blockedActors(c.get("ctx"), apiUser(c), { page })),
  );

  app.get("/api/v1/mutes", requireScope("read:mutes"), (c) =>
    accountPage(c, (page) => mutedActors(c.get("ctx"), apiUser(c), { page })),
  );

  app.get("/api/v1/featured_tags", requireScope("read:accounts"), async (c) => {
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const account = await accountOr404(c, user, user.actorId);
    const tags = await featuredTagsOf(ctx, user.actorId);
    return c.json(tags.map((tag) => featuredTag(ctx.config.publicUrl, account, tag)));
  });
  return app;
}
