import { Hono } from "hono";
import { remoteImage } from "../../../domain/media/remote-images.ts";
import type { AppEnv } from "../../env.ts";
import { viewerOf } from "../entries/request.ts";

/** What readers get when a remote avatar cannot be had: ours, cached briefly so a retry comes. */
export const DEFAULT_AVATAR = "/static/avatar-missing.png";

/**
 * `/media/remote/<key>`: remote avatars, headers and post images through our
 * proxy (ADR 0015), so a reader's browser never contacts the remote server.
 * Unknown keys (and images of posts the viewer may not see) are 404.
 */
export function remoteImageRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/media/remote/:key", async (c) => {
    const image = await remoteImage(c.get("ctx"), viewerOf(c), c.req.param("key"));
    if (!image) return c.notFound();
    if (image.kind === "failed") {
      c.header("Cache-Control", "public, max-age=600");
      return image.avatar ? c.redirect(DEFAULT_AVATAR, 302) : c.notFound();
    }
    return c.body(new Uint8Array(image.bytes), 200, {
      "Content-Type": "image/webp",
      // The key holds the URL's hash: a new picture gets a new key, so this one never changes.
      "Cache-Control": image.public ? "public, max-age=31536000, immutable" : "private, no-cache",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
  });
  return app;
}
