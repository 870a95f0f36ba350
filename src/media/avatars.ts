import sharp from "sharp";
import type { MediaStorage } from "./storage.ts";

export const AVATAR_SIZE = 400;
export const MAX_AVATAR_BYTES = 8 * 1024 * 1024;
/** An avatar key: a UUID and the extension of the one format we store. */
export const AVATAR_KEY_PATTERN = /^[0-9a-f-]{36}\.webp$/;
/** Refuse decompression bombs: 8 MB of PNG can claim billions of pixels. */
const MAX_INPUT_PIXELS = 40_000_000;

export class NotAnImageError extends Error {
  constructor() {
    super("That file is not an image we can read. Use a JPEG, PNG, WebP, GIF or AVIF image.");
    this.name = "NotAnImageError";
  }
}

/** Formats accepted as decided by sharp from the bytes (AVIF is HEIF with AV1 inside). */
function accepted(format: string | undefined, compression: string | undefined): boolean {
  if (format === "heif") return compression === "av1";
  return format === "jpeg" || format === "png" || format === "webp" || format === "gif";
}

/**
 * Turns an uploaded image into the stored avatar: auto-rotated, cropped to
 * a 400×400 square, WebP, with every piece of metadata (EXIF, GPS, ICC, XMP)
 * dropped — sharp writes none unless asked to keep it.
 */
export async function processAvatar(input: Uint8Array): Promise<Buffer> {
  const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };
  try {
    const { format, compression } = await sharp(input, options).metadata();
    if (!accepted(format, compression)) throw new NotAnImageError();
    return await sharp(input, options)
      .autoOrient()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover" })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new NotAnImageError();
  }
}

const keyPath = (key: string) => `avatars/${key}`;

export function saveAvatar(storage: MediaStorage, key: string, data: Uint8Array): Promise<void> {
  return storage.put(keyPath(key), data, "image/webp");
}

/** The stored avatar's bytes, or null for a malformed or unknown key. */
export function readAvatar(storage: MediaStorage, key: string): Promise<Buffer | null> {
  if (!AVATAR_KEY_PATTERN.test(key)) return Promise.resolve(null);
  return storage.readAll(keyPath(key));
}

export function removeAvatar(storage: MediaStorage, key: string): Promise<void> {
  if (!AVATAR_KEY_PATTERN.test(key)) return Promise.resolve();
  return storage.remove(keyPath(key));
}
