import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";

/** Setup, sign-in, registration, settings and admin pages. */
export function accountRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
