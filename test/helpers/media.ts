import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { binaryPath } from "../../src/media/ffmpeg.ts";
import type { TestClient } from "./client.ts";
import type { TestRuntime } from "./runtime.ts";

/** A JPEG that carries EXIF with GPS coordinates, as a phone camera writes it. */
export function jpegWithGps(width = 3000, height = 2000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#4a7a9c" } })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: "TestCam", Model: "Phone 1", Copyright: "Ada" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "51/1 30/1 26/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "0/1 7/1 39/1",
      },
    })
    .toBuffer();
}

export function png(width = 640, height = 480, alpha = false): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 200, g: 80, b: 40, alpha: 0.5 } : "#c85028",
    },
  })
    .png()
    .toBuffer();
}

export function jpeg(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#2a9d8f" } })
    .jpeg()
    .toBuffer();
}

/** A folder for generated recordings, removed by the caller. */
export function mediaScratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "outloud-media-test-"));
}

/** Runs ffmpeg (the one Outloud would use) to make a test file; returns its bytes. */
export function ffmpegMake(dir: string, name: string, args: string[]): Buffer {
  const file = path.join(dir, name);
  execFileSync(binaryPath("ffmpeg"), ["-hide_banner", "-loglevel", "error", "-y", ...args, file]);
  return fs.readFileSync(file);
}

/** A sine tone: `format` picks the container and codec by ffmpeg's output options. */
export function tone(dir: string, name: string, seconds: number, codecArgs: string[]): Buffer {
  return ffmpegMake(dir, name, [
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:duration=${seconds}`,
    "-metadata",
    "title=Secret title",
    "-metadata",
    "artist=Ada",
    ...codecArgs,
  ]);
}

/** A test pattern video with a tone. */
export function testVideo(
  dir: string,
  name: string,
  seconds: number,
  size: string,
  codecArgs: string[],
): Buffer {
  return ffmpegMake(dir, name, [
    "-f",
    "lavfi",
    "-i",
    `testsrc=duration=${seconds}:size=${size}:rate=25`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=220:duration=${seconds}`,
    "-shortest",
    "-metadata",
    "title=Secret title",
    "-metadata",
    "location=+51.5-000.1/",
    ...codecArgs,
  ]);
}

/** Posts one file to the upload endpoint as the composer's script does. */
export async function uploadFile(
  client: TestClient,
  data: Uint8Array,
  name: string,
  type: string,
): Promise<Response> {
  await client.ensureCsrf();
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(data)], { type }), name);
  return client.request("/media", {
    method: "POST",
    headers: { "x-csrf-token": client.csrfToken, accept: "application/json" },
    body: form,
  });
}

/** Every file under DATA_DIR/media (relative paths), and under DATA_DIR/tmp. */
export function storedFiles(runtime: TestRuntime, under = "media"): string[] {
  const root = path.join(runtime.dataDir, under);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(root, name)).isFile())
    .sort();
}

export async function mediaRows(runtime: TestRuntime) {
  return runtime.database.sql<
    {
      id: string;
      kind: string;
      state: string;
      failure_reason: string | null;
      entry_id: string | null;
      location_removed: boolean;
      width: number | null;
      height: number | null;
      duration_ms: number | null;
      blurhash: string | null;
      peaks: number[] | null;
      variants: Record<
        string,
        { key: string; type: string; bytes: number; width?: number; height?: number; etag: string }
      >;
      probe: { transcoded: boolean; videoCodec: string | null; audioCodec: string | null } | null;
    }[]
  >`select * from media order by created_at`;
}

/** The bytes of a stored variant. */
export function variantBytes(runtime: TestRuntime, key: string): Buffer {
  return fs.readFileSync(path.join(runtime.dataDir, "media", key));
}
