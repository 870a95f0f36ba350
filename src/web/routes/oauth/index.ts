import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { authorizeRoutes } from "./authorize.ts";
import { appSettingsRoutes } from "./settings.ts";

/** The pages of the client API: OAuth consent, and the member's apps and tokens. */
export function oauthPageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", authorizeRoutes());
  app.route("/", appSettingsRoutes());
  return app;
}
