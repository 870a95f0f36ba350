import { randomUUID } from "node:crypto";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { apiRoutes } from "../api/app.ts";
import type { Ctx } from "../domain/context.ts";
import { federationMiddleware } from "../federation/middleware.ts";
import { logger } from "../log.ts";
import type { AppEnv } from "./env.ts";
import { errorResponse, handleError } from "./errors.ts";
import { securityHeaders } from "./middleware/security.ts";
import { csrfProtection, loadSession } from "./middleware/session.ts";
import { pageCache } from "./page-cache.ts";
import { accountRoutes } from "./routes/accounts/index.ts";
import { coachRoutes } from "./routes/coach/index.ts";
import { entryRoutes } from "./routes/entries/index.ts";
import { followingRoutes } from "./routes/federation/index.ts";
import { remoteFollowRoutes } from "./routes/federation/remote-follow.ts";
import { interactionRoutes } from "./routes/interactions/index.ts";
import { mediaRoutes } from "./routes/media/index.ts";
import { streamsUploads } from "./routes/media/streaming.ts";
import { moderationRoutes } from "./routes/moderation/index.ts";
import { notificationRoutes } from "./routes/notifications/index.ts";
import { oauthPageRoutes } from "./routes/oauth/index.ts";
import { portfolioRoutes } from "./routes/portfolios/index.ts";
import { reflectionRoutes } from "./routes/reflection/index.ts";
import { searchAreaRoutes } from "./routes/search/index.ts";
import { skillRoutes } from "./routes/skills/index.ts";
import { staticRoutes } from "./static.ts";

const log = logger("web", "request");

/** Paths authenticated by tokens or signatures, not cookies: no CSRF check. */
function csrfExempt(path: string): boolean {
  return (
    path.startsWith("/api/") ||
    path === "/oauth/token" ||
    path === "/oauth/revoke" ||
    path.endsWith("/inbox")
  );
}

/** Builds the whole web application around one domain context. */
export function createApp(ctx: Ctx): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ strict: false });
  app.use(async (c, next) => {
    c.set("ctx", ctx);
    c.set("requestId", randomUUID());
    c.set("user", null);
    c.set("sessionToken", null);
    c.set("csrfToken", "");
    const started = performance.now();
    await next();
    log.debug("{method} {path} {status} {ms}ms", {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(securityHeaders());
  // ActivityPub, WebFinger and NodeInfo (Fedify); everything else passes on to the pages.
  app.use(federationMiddleware(ctx));
  // First after the headers: a visitor's cached page costs no session or database work.
  app.use(pageCache());
  const limit = bodyLimit({
    maxSize: ctx.config.maxBodyBytes,
    onError: (c) =>
      errorResponse(c as never, 413, "The request is larger than this server accepts."),
  });
  // Uploads stream to disk under limits of their own (per type of file).
  const streamed = (c: Context<AppEnv>) =>
    streamsUploads(c.req.method, c.req.path, c.req.header("content-type") ?? "");
  app.use((c, next) => (streamed(c) ? next() : limit(c, next)));
  app.route("/", staticRoutes());
  app.use(loadSession());
  app.use(csrfProtection(csrfExempt, streamed));
  app.route("/", apiRoutes());
  app.route("/", accountRoutes());
  app.route("/", oauthPageRoutes());
  app.route("/", coachRoutes());
  // Before entries: `/@handle/portfolios/<slug>` must not be read as an entry page.
  app.route("/", portfolioRoutes());
  app.route("/", skillRoutes());
  app.route("/", reflectionRoutes());
  // Before entries: `/@handle/remote-follow` must not be read as an entry page.
  app.route("/", remoteFollowRoutes());
  app.route("/", entryRoutes());
  app.route("/", mediaRoutes());
  app.route("/", searchAreaRoutes());
  app.route("/", followingRoutes());
  app.route("/", interactionRoutes());
  app.route("/", notificationRoutes());
  app.route("/", moderationRoutes());
  app.notFound((c) =>
    errorResponse(c, 404, "There is nothing here, or it is not shared with you."),
  );
  app.onError(handleError);
  return app;
}
