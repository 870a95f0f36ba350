import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { homeTimelineRoutes } from "./home-timeline.ts";
import { remoteAccountRoutes } from "./remote.ts";

/** Pages for following others: remote account pages and the home timeline. */
export function followingRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", remoteAccountRoutes());
  app.route("/", homeTimelineRoutes());
  return app;
}
