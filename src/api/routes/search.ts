import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  knownPostByUrl,
  MAX_SEARCH_OFFSET,
  searchAccountIds,
  searchStatusIds,
} from "../../domain/api/search.ts";
import { remoteAddressOf } from "../../domain/federation/index.ts";
import { MAX_QUERY_CHARS, matchingTags } from "../../domain/search/index.ts";
import { lookupRemoteAccount, lookupRemotePost } from "../../federation/lookup.ts";
import { apiViewer, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";
import { loadAccounts } from "../serializers/account.ts";
import { loadStatuses } from "../serializers/status.ts";
import { serializeTag } from "../serializers/tag.ts";

const flag = z
  .union([z.boolean(), z.string()])
  .transform((value) => value === true || value === "true" || value === "1");

const searchSchema = z.object({
  q: z.string().max(MAX_QUERY_CHARS * 4, "The query is too long"),
  type: z.enum(["accounts", "statuses", "hashtags"]).optional(),
  resolve: flag.optional(),
  following: flag.optional(),
  account_id: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).optional(),
  offset: z.coerce.number().int().min(0).max(MAX_SEARCH_OFFSET).optional(),
  exclude_unreviewed: flag.optional(),
});

type SearchParams = z.output<typeof searchSchema>;

/**
 * Search is open to anonymous callers (public entries and members, as the
 * /search page; a token must hold read:search), but paging or resolving
 * remote accounts needs a member's token (it makes this server fetch).
 */
function guard(c: Context<ApiEnv>, params: SearchParams): void {
  if (!c.get("token")?.user && (params.resolve || (params.offset ?? 0) > 0)) {
    throw apiError(401, "Search queries pagination is not supported without authentication");
  }
}

/**
 * `@user@host` or a URL, looked up on its server (members' searches only):
 * a URL is a post we have, else a post fetched from there, else an account.
 */
async function resolved(c: Context<ApiEnv>, params: SearchParams) {
  const ctx = c.get("ctx");
  const viewer = apiViewer(c);
  const none = { accountId: null as string | null, postId: null as string | null };
  if (!params.resolve || viewer.actorId === null) return none;
  const q = params.q.trim();
  if (/^https?:\/\//.test(q)) {
    const postId = (await knownPostByUrl(ctx, viewer, q)) ?? (await lookupRemotePost(ctx, q));
    if (postId) return { ...none, postId };
  }
  const accountId = remoteAddressOf(ctx, q) ? await lookupRemoteAccount(ctx, q) : null;
  return { ...none, accountId };
}

const wants = (params: SearchParams, type: NonNullable<SearchParams["type"]>) =>
  params.type === undefined || params.type === type;

/** `GET /api/v2/search`: accounts, statuses and hashtags with the /search query language. */
export function searchRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/api/v2/search", requireScope("read:search", { optional: true }), async (c) => {
    const parsed = searchSchema.safeParse(await readParams(c));
    if (!parsed.success) {
      throw apiError(400, parsed.error.issues[0]?.message ?? "Invalid search parameters");
    }
    const params = parsed.data;
    guard(c, params);
    const ctx = c.get("ctx");
    const viewer = apiViewer(c);
    const limit = Math.min(params.limit ?? 20, 40);
    const offset = params.offset ?? 0;
    const found = await resolved(c, params);
    const words = params.q
      .split(/\s+/)
      .map((word) => word.replace(/^#/, ""))
      .filter((word) => /^[\p{L}\p{N}_-]{1,100}$/u.test(word))
      .slice(0, 4);

    const [accountIds, statusIds, tags] = await Promise.all([
      wants(params, "accounts") && !found.postId
        ? searchAccountIds(ctx, viewer, {
            q: params.q,
            limit,
            offset,
            following: params.following,
          })
        : [],
      wants(params, "statuses") && !found.accountId
        ? found.postId
          ? [found.postId]
          : searchStatusIds(ctx, viewer, {
              q: params.q,
              limit,
              offset,
              accountId: params.account_id,
            })
        : [],
      wants(params, "hashtags") && !found.postId && !found.accountId && offset === 0
        ? matchingTags(ctx, viewer, words, limit)
        : [],
    ]);
    const accountList = found.accountId
      ? [found.accountId, ...accountIds.filter((id) => id !== found.accountId)]
      : accountIds;
    const [accounts, statuses] = await Promise.all([
      loadAccounts(ctx, viewer, accountList.slice(0, limit)),
      loadStatuses(ctx, viewer, statusIds),
    ]);
    return c.json({
      accounts,
      statuses,
      hashtags: tags.map((tag) => serializeTag(tag, ctx.config.publicUrl)),
    });
  });

  return app;
}
