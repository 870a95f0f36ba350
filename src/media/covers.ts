import sharp from "sharp";
import type { Config } from "../config.ts";
import { NotAnImageError } from "./avatars.ts";
import { mediaStorage } from "./storage.ts";

/** Portfolio cover images: one resized WebP per portfolio, metadata dropped. */

export const COVER_WIDTH = 1600;
export const MAX_COVER_BYTES = 16 * 1024 * 1024;
export const COVER_KEY_PATTERN = /^[0-9a-f-]{36}\.webp$/;
const MAX_INPUT_PIXELS = 50_000_000;
const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };

/** Auto-rotated, at most 1600 px wide, WebP; sharp keeps no EXIF, GPS, XMP or ICC. */
export async function processCover(
  input: Uint8Array,
): Promise<{ data: Buffer; width: number; height: number }> {
  try {
    const { format } = await sharp(input, options).metadata();
    if (!["jpeg", "png", "webp", "gif", "heif"].includes(format ?? "")) throw new NotAnImageError();
    const { data, info } = await sharp(input, options)
      .autoOrient()
      .resize({ width: COVER_WIDTH, withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new NotAnImageError();
  }
}

const keyPath = (key: string) => `covers/${key}`;

export function saveCover(config: Config, key: string, data: Uint8Array): Promise<void> {
  return mediaStorage(config).put(keyPath(key), data, "image/webp");
}

export function readCover(config: Config, key: string): Promise<Buffer | null> {
  if (!COVER_KEY_PATTERN.test(key)) return Promise.resolve(null);
  return mediaStorage(config).readAll(keyPath(key));
}

export function removeCover(config: Config, key: string): Promise<void> {
  if (!COVER_KEY_PATTERN.test(key)) return Promise.resolve();
  return mediaStorage(config).remove(keyPath(key));
}

/** A JPEG copy of a stored image, for the PDF export (pdfkit reads JPEG and PNG only). */
export function imageAsJpeg(data: Uint8Array): Promise<Buffer> {
  return sharp(data, options).jpeg({ quality: 85 }).toBuffer();
}
