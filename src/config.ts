import path from "node:path";
import { type MediaConfig, readMediaConfig } from "./config-media.ts";

/** Log levels LogTape understands, lowest to highest. */
export const LOG_LEVELS = ["trace", "debug", "info", "warning", "error", "fatal"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Origin used in every link and id, without a trailing slash. */
  readonly publicUrl: string;
  readonly secureCookies: boolean;
  readonly dataDir: string;
  /** When null, Outloud starts its embedded PostgreSQL under dataDir/pg. */
  readonly databaseUrl: string | null;
  /**
   * The embedded PostgreSQL's cache (`shared_buffers`) in MB; null: sized
   * from the machine's memory when it starts (db/embedded.ts).
   */
  readonly pgSharedBuffersMb: number | null;
  readonly logLevel: LogLevel;
  /** Largest accepted request body, in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** How long anonymous visitors' pages may be served from memory (0: never). */
  readonly pageCacheSeconds: number;
  /** How long a client API timeline answer may be served again to the same member (0: never). */
  readonly apiCacheSeconds: number;
  /** Trust X-Forwarded-For (set when behind a reverse proxy). */
  readonly trustProxy: boolean;
  /** "web", "worker" or "all": which parts this process runs. */
  readonly role: "web" | "worker" | "all";
  /** Scheduling niceness a `worker` process gives itself (0–19): web requests get the CPU first. */
  readonly workerNice: number;
  /**
   * A `worker` process commits without waiting for the WAL to reach disk
   * (`synchronous_commit = off`): every job's work and its completion are
   * written in that order, so a database crash can only send jobs back to be
   * run again (docs/adr/0028-workers-commit-asynchronously.md).
   */
  readonly workerAsyncCommit: boolean;
  /** How many web processes serve the port (node:cluster); 1 serves in this process. */
  readonly webConcurrency: number;
  /** Upload limits, processing and storage of photos, audio and video. */
  readonly media: MediaConfig;
  /** Let federation reach loopback and private addresses (tests on one machine only). */
  readonly federationAllowPrivateAddress: boolean;
  /** How long one ActivityPub document fetch (actor, key, object) may take before it gives up. */
  readonly federationFetchTimeoutMs: number;
  /** Client API requests per token (or anonymous IP) per 5 minutes; 0 turns the limit off. */
  readonly apiRateLimit: number;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function readInt(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return Number(raw);
}

/** true/1 or false/0 (any case); empty or unset gives `fallback`. */
function readBool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  problems.push(`${name} must be true or false (got "${raw}")`);
  return fallback;
}

function readOrigin(raw: string, name: string, problems: string[]): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    if (url.pathname !== "/" || url.search || url.hash) {
      problems.push(
        `${name} must be an origin without a path, like https://example.org (got "${raw}")`,
      );
      return null;
    }
    return url.origin;
  } catch {
    problems.push(`${name} must be an http(s) URL like https://example.org (got "${raw}")`);
    return null;
  }
}

/**
 * Reads the whole configuration from environment variables. Pure: it touches
 * nothing but `env`, and reports every bad variable at once.
 */
export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const port = readInt(env, "PORT", 3000, 1, 65535, problems);
  const host = env.HOST?.trim() || "127.0.0.1";
  const rawPublicUrl = env.PUBLIC_URL?.trim();
  const publicUrl =
    (rawPublicUrl ? readOrigin(rawPublicUrl, "PUBLIC_URL", problems) : null) ??
    `http://localhost:${port}`;
  const dataDir = path.resolve(cwd, env.DATA_DIR?.trim() || "./data");

  let databaseUrl: string | null = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    try {
      const url = new URL(databaseUrl);
      if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new Error();
    } catch {
      problems.push("DATABASE_URL must be a postgres:// or postgresql:// URL");
      databaseUrl = null;
    }
  }

  const pgSharedBuffersMb = env.PG_SHARED_BUFFERS_MB?.trim()
    ? readInt(env, "PG_SHARED_BUFFERS_MB", 128, 16, 1_048_576, problems)
    : null;

  const rawLevel = env.LOG_LEVEL?.trim().toLowerCase() || "info";
  let logLevel: LogLevel = "info";
  if ((LOG_LEVELS as readonly string[]).includes(rawLevel)) logLevel = rawLevel as LogLevel;
  else problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${rawLevel}")`);

  const maxBodyBytes = readInt(env, "MAX_BODY_BYTES", 10_485_760, 1024, 1 << 30, problems);

  const pageCacheSeconds = readInt(env, "PAGE_CACHE_SECONDS", 60, 0, 86_400, problems);

  const apiCacheSeconds = readInt(env, "API_CACHE_SECONDS", 5, 0, 3_600, problems);

  const apiRateLimit = readInt(env, "API_RATE_LIMIT", 300, 0, 10_000_000, problems);

  const trustProxy = readBool(env, "TRUST_PROXY", false, problems);

  const rawRole = env.OUTLOUD_ROLE?.trim() || "all";
  let role: Config["role"] = "all";
  if (rawRole === "web" || rawRole === "worker" || rawRole === "all") role = rawRole;
  else problems.push(`OUTLOUD_ROLE must be web, worker or all (got "${rawRole}")`);

  const workerNice = readInt(env, "WORKER_NICE", 10, 0, 19, problems);
  const workerAsyncCommit = readBool(env, "WORKER_ASYNC_COMMIT", true, problems);
  const webConcurrency = readInt(env, "WEB_CONCURRENCY", 1, 1, 64, problems);

  const media = readMediaConfig(env, readInt, problems);

  const federationAllowPrivateAddress = readBool(
    env,
    "FEDERATION_ALLOW_PRIVATE_ADDRESS",
    false,
    problems,
  );

  const federationFetchTimeoutMs =
    readInt(env, "FEDERATION_FETCH_TIMEOUT_SECONDS", 10, 1, 120, problems) * 1000;

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port,
    host,
    publicUrl,
    secureCookies: publicUrl.startsWith("https:"),
    dataDir,
    databaseUrl,
    pgSharedBuffersMb,
    logLevel,
    maxBodyBytes,
    pageCacheSeconds,
    apiCacheSeconds,
    trustProxy,
    role,
    workerNice,
    workerAsyncCommit,
    webConcurrency,
    media: Object.freeze({ ...media, s3: media.s3 && Object.freeze(media.s3) }),
    federationAllowPrivateAddress,
    federationFetchTimeoutMs,
    apiRateLimit,
  });
}
