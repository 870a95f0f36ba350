import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { accountMoveRoutes } from "./account-move.ts";
import { adminRoutes } from "./admin.ts";
import { avatarRoutes } from "./avatars.ts";
import { registerRoutes } from "./register.ts";
import { settingsRoutes } from "./settings.ts";
import { requireSetup, setupRoutes } from "./setup.ts";
import { signInRoutes } from "./sign-in.ts";

/** Setup, sign-in, registration, settings and admin pages. */
export function accountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Mounted at "/", so this runs for every request that reaches the routes.
  app.use(requireSetup());
  app.route("/", setupRoutes());
  app.route("/", signInRoutes());
  app.route("/", registerRoutes());
  app.route("/", settingsRoutes());
  app.route("/", accountMoveRoutes());
  app.route("/", adminRoutes());
  app.route("/", avatarRoutes());
  return app;
}
