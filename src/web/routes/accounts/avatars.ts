import { Hono } from "hono";
import { avatarFile } from "../../../domain/accounts/profile.ts";
import type { AppEnv } from "../../env.ts";

/** Serves resized avatars. Keys are random and files never change: cache forever. */
export function avatarRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/avatars/:key", async (c) => {
    const file = await avatarFile(c.get("ctx"), c.req.param("key"));
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file), 200, {
      "Content-Type": "image/webp",
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    });
  });
  return app;
}
