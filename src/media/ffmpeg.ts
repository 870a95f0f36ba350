import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { MediaConfig } from "../config-media.ts";

/**
 * Runs ffmpeg and ffprobe: the system's when they are on PATH, else the
 * static builds shipped inside the npm packages @ffmpeg-installer/ffmpeg and
 * @ffprobe-installer/ffprobe. Every run is bounded (a timeout), polite (a
 * lower CPU priority, few threads) and counted (at most `concurrency` at once
 * in this process), so pages stay fast while a video transcodes.
 */

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

function fromPackage(pkg: string): string | null {
  try {
    const found = createRequire(import.meta.url)(pkg) as { path?: string };
    return found.path ?? null;
  } catch {
    return null;
  }
}

const resolved = new Map<string, string>();

/** The path of `ffmpeg` or `ffprobe`; throws with advice when neither exists. */
export function binaryPath(name: "ffmpeg" | "ffprobe"): string {
  const known = resolved.get(name);
  if (known) return known;
  const found = onPath(name) ?? fromPackage(`@${name}-installer/${name}`);
  if (!found) {
    throw new Error(
      `${name} was not found: install it (apt-get install ffmpeg) or run npm install, which brings @${name}-installer/${name}`,
    );
  }
  resolved.set(name, found);
  return found;
}

/** A failed run: `reason` is the end of what the tool printed, for logs and the member. */
export class ToolFailed extends Error {
  readonly reason: string;
  readonly timedOut: boolean;
  constructor(name: string, reason: string, timedOut = false) {
    super(`${name} failed: ${reason}`);
    this.name = "ToolFailed";
    this.reason = reason;
    this.timedOut = timedOut;
  }
}

/** Counts running tools; waiters queue in order. */
class Slots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  readonly size: number;
  constructor(size: number) {
    this.size = size;
  }
  async take(): Promise<() => void> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    return () => {
      this.running--;
      this.waiting.shift()?.();
    };
  }
}

export interface RunOptions {
  /** Called with each chunk of stdout (else stdout is collected and returned). */
  onStdout?: (chunk: Buffer) => void;
  /** Overrides the configured timeout. */
  timeoutMs?: number;
}

export interface MediaTools {
  /** ffmpeg with the configured thread count, niceness and timeout. */
  ffmpeg(args: string[], options?: RunOptions): Promise<Buffer>;
  ffprobe(args: string[]): Promise<Buffer>;
  readonly threads: number;
}

/** The lowest CPU priority: a transcode takes what pages and the database leave. */
const NICENESS = 19;
const KEEP_STDERR = 4000;

function run(
  name: "ffmpeg" | "ffprobe",
  args: string[],
  timeoutMs: number,
  options: RunOptions = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryPath(name), args, { stdio: ["ignore", "pipe", "pipe"] });
    try {
      if (child.pid) os.setPriority(child.pid, NICENESS);
    } catch {}
    const chunks: Buffer[] = [];
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) =>
      options.onStdout ? options.onStdout(chunk) : chunks.push(chunk),
    );
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-KEEP_STDERR);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new ToolFailed(name, error.message));
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(Buffer.concat(chunks));
      const last = stderr.trim().split("\n").slice(-3).join(" ").trim();
      const why = timedOut
        ? `it took longer than ${Math.round(timeoutMs / 1000)} s`
        : last || `exit ${code ?? signal}`;
      reject(new ToolFailed(name, why, timedOut));
    });
  });
}

const tools = new WeakMap<MediaConfig, MediaTools>();

/** The tools for one configuration, sharing its concurrency limit. */
export function mediaTools(config: MediaConfig): MediaTools {
  let found = tools.get(config);
  if (!found) {
    const slots = new Slots(config.concurrency);
    const limited = async (name: "ffmpeg" | "ffprobe", args: string[], options?: RunOptions) => {
      const release = await slots.take();
      try {
        return await run(
          name,
          args,
          options?.timeoutMs ?? config.ffmpegTimeoutSeconds * 1000,
          options,
        );
      } finally {
        release();
      }
    };
    found = {
      threads: config.ffmpegThreads,
      ffmpeg: (args, options) =>
        limited(
          "ffmpeg",
          // Threads bounded for decoding (before the input) and filters; plans bound the encoder.
          [
            ...["-nostdin", "-hide_banner", "-loglevel", "error", "-y"],
            ...["-filter_threads", String(config.ffmpegThreads)],
            ...["-threads", String(config.ffmpegThreads)],
            ...args,
          ],
          options,
        ),
      // Probing reads headers only: not counted against the transcoding slots.
      ffprobe: (args) => run("ffprobe", ["-hide_banner", "-loglevel", "error", ...args], 60_000),
    };
    tools.set(config, found);
  }
  return found;
}
