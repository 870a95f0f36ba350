import { encode } from "blurhash";
import sharp, { type Metadata } from "sharp";
import { exifHasGps } from "./exif.ts";
import { MediaRefused } from "./sniff.ts";

/** The stored sizes: the longest side, in pixels. */
export const IMAGE_SIZES = { thumb: 400, display: 1280, original: 4096 } as const;
export type ImageVariantName = keyof typeof IMAGE_SIZES;

export interface ImageHeader {
  width: number;
  height: number;
  /** The file carried GPS coordinates (which processing drops with all metadata). */
  hasGps: boolean;
}

export interface ImageVariant {
  data: Buffer;
  width: number;
  height: number;
  type: "image/jpeg" | "image/webp";
  extension: "jpg" | "webp";
}

export interface ProcessedImage {
  /** Of the upright image (after auto-orientation), before any resizing. */
  width: number;
  height: number;
  blurhash: string;
  variants: Record<ImageVariantName, ImageVariant>;
}

const SHARP_FORMAT: Record<string, string> = {
  jpeg: "jpeg",
  png: "png",
  gif: "gif",
  webp: "webp",
  avif: "heif",
};

/**
 * Reads an image's header only (cheap: no decoding) to refuse what we would
 * not process: a damaged file, a format other than the bytes claimed, or a
 * decompression bomb above `maxPixels`.
 */
export async function readImageHeader(
  file: string,
  format: string,
  maxPixels: number,
): Promise<ImageHeader> {
  let metadata: Metadata;
  try {
    metadata = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw new MediaRefused("This image is damaged or incomplete: it could not be read.", 422);
  }
  const { width = 0, height = 0 } = metadata;
  if (metadata.format !== SHARP_FORMAT[format] || width === 0 || height === 0) {
    throw new MediaRefused("This image is damaged or incomplete: it could not be read.", 422);
  }
  if (width * height > maxPixels) {
    const mp = (n: number) => (n / 1_000_000).toLocaleString("en", { maximumFractionDigits: 1 });
    throw new MediaRefused(
      `This image has ${mp(width * height)} megapixels (${width} × ${height}); the limit is ${mp(maxPixels)}. Resize it and upload it again.`,
      422,
    );
  }
  return { width, height, hasGps: exifHasGps(metadata.exif) };
}

/** Fits inside a square of `size`, never enlarged. */
function fitted(width: number, height: number, size: number) {
  const scale = Math.min(1, size / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * Turns an upload into the stored images: auto-oriented, converted to sRGB,
 * with every piece of metadata (EXIF, GPS, XMP, IPTC, ICC) dropped — sharp
 * writes none unless asked to — at three sizes, plus a blurhash.
 * Opaque images become JPEG, images with transparency WebP.
 */
export async function processImage(file: string, maxPixels: number): Promise<ProcessedImage> {
  const input = sharp(file, { limitInputPixels: maxPixels, failOn: "truncated" })
    .autoOrient()
    .toColourspace("srgb");
  const metadata = await sharp(file, { limitInputPixels: maxPixels }).metadata();
  const rotated = (metadata.orientation ?? 1) >= 5;
  const width = (rotated ? metadata.height : metadata.width) ?? 0;
  const height = (rotated ? metadata.width : metadata.height) ?? 0;
  const alpha = metadata.hasAlpha === true;
  const entries = await Promise.all(
    (Object.keys(IMAGE_SIZES) as ImageVariantName[]).map(async (name) => {
      const size = fitted(width, height, IMAGE_SIZES[name]);
      const resized = input.clone().resize(size.width, size.height, { fit: "fill" });
      const data = alpha
        ? await resized.webp({ quality: 82 }).toBuffer()
        : await resized.flatten({ background: "#ffffff" }).jpeg({ quality: 82 }).toBuffer();
      const variant: ImageVariant = {
        data,
        ...size,
        type: alpha ? "image/webp" : "image/jpeg",
        extension: alpha ? "webp" : "jpg",
      };
      return [name, variant] as const;
    }),
  );
  const variants = Object.fromEntries(entries) as Record<ImageVariantName, ImageVariant>;
  return { width, height, blurhash: await blurhashOf(variants.thumb.data), variants };
}

/** A blurhash (4×3 components) of an image's bytes, drawn while the image loads. */
export async function blurhashOf(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image)
    .resize(32, 32, { fit: "inside" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return encode(new Uint8ClampedArray(data), info.width, info.height, 4, 3);
}

/** A video's poster frame as stored: JPEG, sRGB, no metadata, with its size and blurhash. */
export async function processPoster(
  file: string,
): Promise<{ data: Buffer; width: number; height: number; blurhash: string }> {
  const { data, info } = await sharp(file)
    .toColourspace("srgb")
    .jpeg({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, blurhash: await blurhashOf(data) };
}
