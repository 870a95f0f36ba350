import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { remoteImageRoutes } from "./remote-images.ts";
import { serveRoutes } from "./serve.ts";
import { uploadRoutes } from "./upload.ts";

/** Uploading media and serving their files under /media. */
export function mediaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", uploadRoutes());
  app.route("/", serveRoutes());
  app.route("/", remoteImageRoutes());
  return app;
}
