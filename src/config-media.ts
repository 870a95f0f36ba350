/** The media part of the configuration: upload limits, processing, storage. */

type Env = Readonly<Record<string, string | undefined>>;
type ReadInt = (
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
) => number;

const MiB = 1024 * 1024;

/** S3-compatible object storage; null keeps media on local disk under DATA_DIR/media. */
export interface S3Config {
  /** Origin of the service; path-style URLs (`endpoint/bucket/key`) are used with it. */
  readonly endpoint: string | null;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface MediaConfig {
  readonly maxImageBytes: number;
  /** Decompression bombs: images claiming more pixels are refused. */
  readonly maxImagePixels: number;
  readonly maxAudioBytes: number;
  readonly maxVideoBytes: number;
  readonly maxDurationSeconds: number;
  /** How many ffmpeg processes (and sharp threads) one worker process runs at once. */
  readonly concurrency: number;
  /** Threads each ffmpeg may use: few, so pages stay fast while a video transcodes. */
  readonly ffmpegThreads: number;
  /** An ffmpeg run longer than this is killed and the job retried. */
  readonly ffmpegTimeoutSeconds: number;
  /** Pictures from other servers not stored again for this many days are dropped (re-fetched when shown); 0 keeps them. */
  readonly remoteCacheDays: number;
  readonly s3: S3Config | null;
}

const S3_NAMES = [
  "S3_ENDPOINT",
  "S3_BUCKET",
  "S3_REGION",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
] as const;

function readS3(env: Env, problems: string[]): S3Config | null {
  const value = (name: (typeof S3_NAMES)[number]) => env[name]?.trim() ?? "";
  if (S3_NAMES.every((name) => value(name) === "")) return null;
  for (const name of ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
    if (value(name) === "") problems.push(`${name} is required when any S3_ variable is set`);
  }
  let endpoint: string | null = value("S3_ENDPOINT") || null;
  if (endpoint !== null) {
    try {
      const url = new URL(endpoint);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
      endpoint = url.origin;
    } catch {
      problems.push(`S3_ENDPOINT must be an http(s) URL like https://s3.example.org`);
      endpoint = null;
    }
  }
  const bucket = value("S3_BUCKET");
  if (bucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(
      `S3_BUCKET must be a bucket name of 3–63 lower-case letters, digits, dots or dashes`,
    );
  }
  return {
    endpoint,
    bucket,
    region: value("S3_REGION") || "us-east-1",
    accessKeyId: value("S3_ACCESS_KEY_ID"),
    secretAccessKey: value("S3_SECRET_ACCESS_KEY"),
  };
}

/** Reads the MEDIA_* and S3_* variables, adding any problem to `problems`. */
export function readMediaConfig(env: Env, readInt: ReadInt, problems: string[]): MediaConfig {
  const bytes = (name: string, fallback: number) =>
    readInt(env, name, fallback, 1024, 2 ** 40, problems);
  return {
    maxImageBytes: bytes("MEDIA_MAX_IMAGE_BYTES", 16 * MiB),
    maxImagePixels: readInt(env, "MEDIA_MAX_IMAGE_PIXELS", 50_000_000, 1, 2 ** 32, problems),
    maxAudioBytes: bytes("MEDIA_MAX_AUDIO_BYTES", 100 * MiB),
    maxVideoBytes: bytes("MEDIA_MAX_VIDEO_BYTES", 500 * MiB),
    maxDurationSeconds: readInt(env, "MEDIA_MAX_DURATION_SECONDS", 1800, 1, 86_400, problems),
    concurrency: readInt(env, "MEDIA_CONCURRENCY", 1, 1, 64, problems),
    ffmpegThreads: readInt(env, "MEDIA_FFMPEG_THREADS", 1, 1, 64, problems),
    ffmpegTimeoutSeconds: readInt(env, "MEDIA_FFMPEG_TIMEOUT_SECONDS", 3600, 10, 86_400, problems),
    remoteCacheDays: readInt(env, "MEDIA_REMOTE_CACHE_DAYS", 30, 0, 3650, problems),
    s3: readS3(env, problems),
  };
}
