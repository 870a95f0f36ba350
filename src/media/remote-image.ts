import sharp from "sharp";
import { safeFetch } from "./safe-fetch.ts";
import { MediaRefused, SNIFF_BYTES, sniff } from "./sniff.ts";

/**
 * Remote pictures (avatars, headers, post images) fetched by the server, never
 * by readers: through the SSRF guard, checked to be a real image from its
 * bytes, and re-encoded to a small WebP so nothing the remote server chose
 * (metadata, odd formats, huge dimensions, polyglot files) reaches a browser.
 */

/** The sizes we keep: a square avatar in two sizes, a header or a post image within a box. */
export const REMOTE_IMAGE_VARIANTS = {
  a96: { width: 96, height: 96, fit: "cover" },
  a400: { width: 400, height: 400, fit: "cover" },
  hdr: { width: 1500, height: 500, fit: "inside" },
  img: { width: 1280, height: 1280, fit: "inside" },
} as const;
export type RemoteImageVariant = keyof typeof REMOTE_IMAGE_VARIANTS;

/** Bytes a remote picture may have before we stop reading it. */
export const REMOTE_IMAGE_MAX_BYTES = 8 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 8_000;
/** Refuse decompression bombs: a small file can claim billions of pixels. */
const MAX_INPUT_PIXELS = 40_000_000;
const RASTER = new Set(["jpeg", "png", "gif", "webp", "avif"]);

/** Why a remote picture could not be kept (the caller falls back). */
export class RemoteImageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RemoteImageError";
  }
}

export interface FetchImageOptions {
  allowPrivate: boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

/** Re-encodes image bytes to the variant's WebP; refuses anything that is not a raster image. */
export async function toWebp(bytes: Uint8Array, variant: RemoteImageVariant): Promise<Buffer> {
  let format: string;
  try {
    const sniffed = sniff(bytes.subarray(0, SNIFF_BYTES));
    if (sniffed.kind !== "image" || !RASTER.has(sniffed.format)) {
      throw new RemoteImageError(`Not an image: ${sniffed.label}`);
    }
    format = sniffed.format;
  } catch (error) {
    if (error instanceof MediaRefused) throw new RemoteImageError(error.message, { cause: error });
    throw error;
  }
  const box = REMOTE_IMAGE_VARIANTS[variant];
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .autoOrient()
      .resize(box.width, box.height, { fit: box.fit, withoutEnlargement: box.fit === "inside" })
      .webp({ quality: variant === "img" ? 80 : 82 })
      .toBuffer();
  } catch (cause) {
    throw new RemoteImageError(`The ${format} image could not be read`, { cause });
  }
}

/**
 * Fetches a remote picture and returns it as the variant's WebP. Throws
 * `RemoteImageError` (or the guard's `SsrfError`) for anything else: a
 * refused address, an error status, too many bytes, too slow, not an image.
 */
export async function fetchRemoteImage(
  url: string,
  variant: RemoteImageVariant,
  options: FetchImageOptions,
): Promise<Buffer> {
  const response = await safeFetch(url, {
    allowPrivate: options.allowPrivate,
    maxBytes: options.maxBytes ?? REMOTE_IMAGE_MAX_BYTES,
    timeoutMs: options.timeoutMs ?? FETCH_TIMEOUT_MS,
    maxRedirects: 3,
    headers: { accept: "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9" },
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new RemoteImageError(`The server answered ${response.status}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return toWebp(bytes, variant);
}
