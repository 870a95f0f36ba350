import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../web/env.ts";
import { authenticate } from "./auth.ts";
import type { ApiEnv } from "./env.ts";
import { rateLimit } from "./rate-limit.ts";
import { accountsRoutes } from "./routes/accounts.ts";
import { instanceRoutes } from "./routes/instance.ts";
import { mediaRoutes } from "./routes/media.ts";
import { miscRoutes } from "./routes/misc.ts";
import { notificationsRoutes } from "./routes/notifications.ts";
import { oauthRoutes } from "./routes/oauth.ts";
import { searchRoutes } from "./routes/search.ts";
import { statusesRoutes } from "./routes/statuses.ts";
import { timelinesRoutes } from "./routes/timelines.ts";

/**
 * The Mastodon-compatible client API (`/api/v1`, `/api/v2`) and its OAuth
 * endpoints. Every route reads through the same domain views as the pages,
 * so the API can never show what a page would not.
 */
export function apiRoutes(): Hono<AppEnv> {
  const api = new Hono<ApiEnv>();
  // Browser-based clients (Elk, Phanpy) call from other origins, as with Mastodon.
  api.use(
    "/api/*",
    cors({
      origin: "*",
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: ["Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"],
      maxAge: 86400,
    }),
  );
  api.use("/oauth/token", cors({ origin: "*" }));
  api.use("/oauth/revoke", cors({ origin: "*" }));
  api.use("/api/*", authenticate());
  api.use("/api/*", rateLimit());
  api.route("/", oauthRoutes());
  api.route("/", instanceRoutes());
  api.route("/", accountsRoutes());
  api.route("/", statusesRoutes());
  api.route("/", timelinesRoutes());
  api.route("/", mediaRoutes());
  api.route("/", notificationsRoutes());
  api.route("/", searchRoutes());
  api.route("/", miscRoutes());
  return api as unknown as Hono<AppEnv>;
}
