import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { portfolioEditRoutes } from "./edit.ts";
import { portfolioExportRoutes } from "./exports.ts";
import { portfolioFeedRoutes } from "./feeds.ts";
import { portfolioManageRoutes } from "./manage.ts";
import { portfolioPageRoutes } from "./page.ts";
import { pinRoutes } from "./pins.ts";

/** Portfolios: pages, share links, the editor, feeds, exports; and pinned entries. */
export function portfolioRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", portfolioManageRoutes());
  app.route("/", portfolioFeedRoutes());
  app.route("/", portfolioExportRoutes());
  app.route("/", portfolioEditRoutes());
  app.route("/", portfolioPageRoutes());
  app.route("/", pinRoutes());
  return app;
}
