import sharp from "sharp";
import { NotAnImageError } from "./avatars.ts";

/** Mastodon's header size: 3:1, large enough for wide screens. */
export const HEADER_WIDTH = 1500;
export const HEADER_HEIGHT = 500;
const MAX_INPUT_PIXELS = 40_000_000;

/**
 * Turns an uploaded image into a profile header: auto-rotated, cropped to
 * 1500×500, WebP, metadata dropped. Stored beside avatars (same keys, same
 * route, `saveAvatar`/`readAvatar`): both are public profile images.
 */
export async function processHeader(input: Uint8Array): Promise<Buffer> {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };
  try {
    const { format } = await sharp(input, options).metadata();
    if (!format || !["jpeg", "png", "webp", "gif", "heif"].includes(format)) {
      throw new NotAnImageError();
    }
    return await sharp(input, options)
      .autoOrient()
      .resize(HEADER_WIDTH, HEADER_HEIGHT, { fit: "cover" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new NotAnImageError();
  }
}
