import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { actorActionRoutes } from "./actor-actions.ts";
import { adminDomainBlockRoutes } from "./admin-domain-blocks.ts";
import { adminReportRoutes } from "./admin-reports.ts";
import { blockSettingsRoutes } from "./blocks-settings.ts";
import { followRequestRoutes } from "./follow-requests.ts";

/** Blocks, mutes, reports, follow requests and the admin's moderation pages. */
export function moderationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", actorActionRoutes());
  app.route("/", followRequestRoutes());
  app.route("/", blockSettingsRoutes());
  app.route("/", adminDomainBlockRoutes());
  app.route("/", adminReportRoutes());
  return app;
}
