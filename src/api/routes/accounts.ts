import { type Context, Hono } from "hono";
import { z } from "zod";
import { accountIdByAcct, featuredTagsOf, followListIds } from "../../domain/api/account-lists.ts";
import { pendingFollowRequestCount, updateCredentials } from "../../domain/api/credentials.ts";
import { searchAccountIds } from "../../domain/api/search.ts";
import { remoteAddressOf } from "../../domain/federation/index.ts";
import { lookupRemoteAccount } from "../../federation/lookup.ts";
import { accountOr404, featuredTag } from "../account-lookup.ts";
import { credentialsParams, flagParam, idsParam } from "../account-params.ts";
import { apiUser, apiViewer, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError } from "../errors.ts";
import { pageParams, setPageLinks } from "../pagination.ts";
import {
  loadAccounts,
  serializeAccount,
  serializeCredentialAccount,
} from "../serializers/account.ts";
import { loadRelationships } from "../serializers/relationship.ts";
import { accountExtraRoutes } from "./account-extras.ts";
import { accountRelationRoutes } from "./account-relations.ts";

async function ownAccount(c: Context<ApiEnv>) {
  const ctx = c.get("ctx");
  const user = apiUser(c);
  const [view, requests] = await Promise.all([
    accountOr404(c, user, user.actorId),
    pendingFollowRequestCount(ctx, user),
  ]);
  return serializeCredentialAccount(view, ctx.config.publicUrl, { followRequestsCount: requests });
}

const searchSchema = z.object({
  q: z.string().trim().min(1, "q is required").max(500),
  limit: z.coerce.number().int().min(1).max(80).default(40),
  offset: z.coerce.number().int().min(0).max(400).default(0),
  resolve: flagParam.default(false),
  following: flagParam.default(false),
});

const readAccounts = requireScope("read:accounts", { optional: true });

/**
 * `/api/v1/accounts/…`: the member's own account, looking accounts up, their
 * followers and follows. Actions on accounts live in account-relations.ts.
 */
export function accountsRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  // Fixed paths first: "/accounts/relationships" is no account id.
  app.get(
    "/api/v1/accounts/verify_credentials",
    requireScope(["read:accounts", "profile"]),
    async (c) => c.json(await ownAccount(c)),
  );

  app.patch("/api/v1/accounts/update_credentials", requireScope("write:accounts"), async (c) => {
    await updateCredentials(c.get("ctx"), apiUser(c), await credentialsParams(c));
    return c.json(await ownAccount(c));
  });

  app.get("/api/v1/accounts/relationships", requireScope("read:follows"), async (c) => {
    return c.json(await loadRelationships(c.get("ctx"), apiUser(c), idsParam(c)));
  });

  // Who follows whom is listed nowhere here (pages and ActivityPub give counts
  // only), so the API names no followers of others either: as on Mastodon for
  // accounts that hide their network.
  app.get("/api/v1/accounts/familiar_followers", requireScope("read:follows"), (c) =>
    c.json(idsParam(c).map((id) => ({ id, accounts: [] }))),
  );

  app.get("/api/v1/accounts/lookup", readAccounts, async (c) => {
    const acct = c.req.query("acct") ?? "";
    if (!acct) throw apiError(400, "acct is required");
    const id = await accountIdByAcct(c.get("ctx"), acct);
    const viewer = apiViewer(c);
    if (!id) throw apiError(404, "Record not found");
    return c.json(
      serializeAccount(await accountOr404(c, viewer, id), c.get("ctx").config.publicUrl),
    );
  });

  app.get("/api/v1/accounts/search", requireScope("read:accounts"), async (c) => {
    const parsed = searchSchema.safeParse(c.req.query());
    if (!parsed.success) throw apiError(400, parsed.error.issues[0]?.message ?? "Bad request");
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const params = parsed.data;
    let ids = await searchAccountIds(ctx, user, params);
    // resolve=true: an exact `user@host` (or profile URL) on another server is looked up there.
    const text = /^https?:/.test(params.q) ? params.q : `@${params.q.replace(/^@/, "")}`;
    const address = params.resolve && params.offset === 0 ? remoteAddressOf(ctx, text) : null;
    const found = address ? await lookupRemoteAccount(ctx, address) : null;
    if (found) ids = [found, ...ids.filter((id) => id !== found)].slice(0, params.limit);
    return c.json(await loadAccounts(ctx, user, ids));
  });

  app.get("/api/v1/accounts/:id", readAccounts, async (c) => {
    const view = await accountOr404(c, apiViewer(c), c.req.param("id"));
    return c.json(serializeAccount(view, c.get("ctx").config.publicUrl));
  });

  // Members see their own followers and follows; others' lists stay hidden (see above).
  for (const side of ["followers", "following"] as const) {
    app.get(`/api/v1/accounts/:id/${side}`, readAccounts, async (c) => {
      const ctx = c.get("ctx");
      const viewer = apiViewer(c);
      const account = await accountOr404(c, viewer, c.req.param("id"));
      if (viewer.actorId !== account.id) return c.json([]);
      const ids = await followListIds(ctx, account.id, side, pageParams(c, { limit: 40, max: 80 }));
      setPageLinks(c, ids);
      return c.json(await loadAccounts(ctx, viewer, ids));
    });
  }

  app.get("/api/v1/accounts/:id/featured_tags", readAccounts, async (c) => {
    const ctx = c.get("ctx");
    const account = await accountOr404(c, apiViewer(c), c.req.param("id"));
    const tags = await featuredTagsOf(ctx, account.id);
    return c.json(tags.map((tag) => featuredTag(ctx.config.publicUrl, account, tag)));
  });

  // Lists are not a feature here: no account is on any.
  app.get("/api/v1/accounts/:id/lists", requireScope("read:lists"), async (c) => {
    await accountOr404(c, apiUser(c), c.req.param("id"));
    return c.json([]);
  });

  app.route("/", accountRelationRoutes());
  app.route("/", accountExtraRoutes());
  return app;
}
