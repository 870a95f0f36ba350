import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";

/** Composer, entry pages, profiles, tag pages, the journal and feeds. */
export function entryRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}
