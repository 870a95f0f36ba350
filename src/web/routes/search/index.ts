import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { directoryRoutes } from "./directory.ts";
import { savedSearchRoutes } from "./saved.ts";
import { searchRoutes } from "./search.ts";

/** Search, saved searches and the member directory. */
export function searchAreaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", searchRoutes());
  app.route("/", savedSearchRoutes());
  app.route("/", directoryRoutes());
  return app;
}
