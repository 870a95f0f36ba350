import { Hono } from "hono";
import { accountView } from "../../domain/api/accounts.ts";
import { pageRequest } from "../../domain/api/paging.ts";
import { directConversations } from "../../domain/interactions/index.ts";
import { apiUser, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { pageParams, setPageLinks } from "../pagination.ts";
import { loadAccounts } from "../serializers/account.ts";
import { loadStatuses } from "../serializers/status.ts";

/**
 * The endpoints apps call on start-up that Outloud has nothing (yet) for:
 * answering them with Mastodon's empty shapes, rather than 404, keeps apps
 * from showing errors. Trends, filters, lists, announcements and followed
 * tags are empty; preferences say what posting defaults to; conversations
 * are the member's direct conversations.
 */
export function miscRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const empty = (c: { json(value: unknown): Response }) => c.json([]);

  // Load balancers and apps ask whether streaming is up (Mastodon answers "OK" in text).
  app.get("/api/v1/streaming/health", (c) => c.text("OK"));

  // Nothing is trending: Outloud does not rank posts by popularity.
  for (const path of [
    "/api/v1/trends",
    "/api/v1/trends/tags",
    "/api/v1/trends/statuses",
    "/api/v1/trends/links",
  ]) {
    app.get(path, (c) => {
      pageParams(c, { limit: 10, max: 40 });
      return empty(c);
    });
  }

  app.get("/api/v1/preferences", requireScope("read:accounts"), async (c) => {
    const user = apiUser(c);
    const account = await accountView(c.get("ctx"), user, user.actorId);
    return c.json({
      "posting:default:visibility": "public",
      "posting:default:sensitive": false,
      "posting:default:language": account?.locale ?? null,
      "reading:expand:media": "default",
      "reading:expand:spoilers": false,
    });
  });

  app.get("/api/v1/filters", requireScope("read:filters"), empty);
  app.get("/api/v2/filters", requireScope("read:filters"), empty);
  app.get("/api/v1/lists", requireScope("read:lists"), empty);
  app.get("/api/v1/followed_tags", requireScope("read:follows"), empty);
  app.get("/api/v1/announcements", requireScope("read"), empty);
  // Direct conversations, newest first; as on Mastodon, paged by their latest posts' ids.
  app.get("/api/v1/conversations", requireScope("read:statuses"), async (c) => {
    const page = pageRequest(pageParams(c, { limit: 20, max: 40 }));
    const ctx = c.get("ctx");
    const user = apiUser(c);
    const found = await directConversations(ctx, user, page.limit, page);
    setPageLinks(
      c,
      found.map((f) => f.lastPostId),
    );
    const [accounts, statuses] = await Promise.all([
      loadAccounts(ctx, user, [...new Set(found.flatMap((f) => f.participants.map((p) => p.id)))]),
      loadStatuses(
        ctx,
        user,
        found.map((f) => f.lastPostId),
      ),
    ]);
    const accountById = new Map(accounts.map((a) => [a.id, a]));
    const statusById = new Map(statuses.map((s) => [s.id, s]));
    return c.json(
      found.flatMap((conversation) => {
        const last = statusById.get(conversation.lastPostId);
        if (!last) return [];
        return [
          {
            id: conversation.id,
            unread: false,
            accounts: conversation.participants.flatMap((p) => accountById.get(p.id) ?? []),
            last_status: last,
          },
        ];
      }),
    );
  });

  return app;
}
