import path from "node:path";
import type { ProbeSummary } from "../db/schema/media.ts";
import type { MediaTools } from "./ffmpeg.ts";
import { ToolFailed } from "./ffmpeg.ts";
import { MediaRefused } from "./sniff.ts";

/** What ffprobe says about a file, reduced to what we decide with. */
export interface Probe {
  container: string;
  durationMs: number;
  video: { codec: string; width: number; height: number; pixFmt: string } | null;
  audio: { codec: string } | null;
}

export interface AvLimits {
  maxDurationSeconds: number;
  maxAudioBytes: number;
  maxVideoBytes: number;
}

export interface AvOutput {
  kind: "audio" | "video";
  file: string;
  type: string;
  extension: string;
  durationMs: number;
  width: number | null;
  height: number | null;
  /** A JPEG frame of the video, at most 1280 px wide or high. */
  poster: string | null;
  /** Audio loudness in `PEAK_COUNT` buckets, 0–1, for the waveform. */
  peaks: number[] | null;
  summary: ProbeSummary;
}

export const PEAK_COUNT = 100;
/** Video is capped at 1080p: the short side at 1080, the long side at 1920. */
const SCALE_FACTOR = "min(1,min(1920/max(iw,ih),1080/min(iw,ih)))";
const CAP_1080P = `scale='trunc(iw*${SCALE_FACTOR}/2)*2':'trunc(ih*${SCALE_FACTOR}/2)*2'`;
const STRIP = ["-map_metadata", "-1", "-map_chapters", "-1"];

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

/** Probes a file; an unreadable one is refused with a reason. */
export async function probe(tools: MediaTools, file: string): Promise<Probe> {
  let raw: { format?: { format_name?: string; duration?: string }; streams?: RawStream[] };
  try {
    const out = await tools.ffprobe([
      "-print_format",
      "json",
      "-show_format",
      "-show_streams",
      file,
    ]);
    raw = JSON.parse(out.toString("utf8"));
  } catch (error) {
    const why = error instanceof ToolFailed ? error.reason : String(error);
    throw new MediaRefused(`This file could not be read as audio or video (${why}).`, 422);
  }
  const streams = raw.streams ?? [];
  const video = streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const audio = streams.find((s) => s.codec_type === "audio");
  const rotation = Math.abs(
    Number(
      video?.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ??
        video?.tags?.rotate ??
        0,
    ),
  );
  const sideways = rotation === 90 || rotation === 270;
  return {
    container: raw.format?.format_name ?? "unknown",
    durationMs: Math.round(Number(raw.format?.duration ?? 0) * 1000) || 0,
    video: video
      ? {
          codec: video.codec_name ?? "unknown",
          width: (sideways ? video.height : video.width) ?? 0,
          height: (sideways ? video.width : video.height) ?? 0,
          pixFmt: video.pix_fmt ?? "",
        }
      : null,
    audio: audio ? { codec: audio.codec_name ?? "unknown" } : null,
  };
}

interface Plan {
  args: string[];
  extension: string;
  type: string;
  transcoded: boolean;
}

const isMp4 = (p: Probe) => /mp4|mov/.test(p.container);
const isWebm = (p: Probe) => p.container.includes("webm");

/** A plan from ffmpeg's output options written as one line (no value has a space). */
function plan(args: string, extension: string, type: string, transcoded: boolean): Plan {
  return { args: args.split(" "), extension, type, transcoded };
}

/** Video browsers play as it is (H.264/AAC in MP4, VP8/VP9/AV1 with Opus/Vorbis in WebM): remux only; else H.264/AAC MP4. */
function videoPlan(p: Probe, threads: number): Plan {
  const v = p.video!;
  const audio = p.audio?.codec ?? null;
  const h264 = v.codec === "h264" && /^yuvj?420p$/.test(v.pixFmt);
  if (isMp4(p) && h264 && (audio === null || audio === "aac")) {
    return plan(
      "-map 0:v:0 -map 0:a:0? -c copy -movflags +faststart -f mp4",
      "mp4",
      "video/mp4",
      false,
    );
  }
  const webAudio = audio === null || audio === "opus" || audio === "vorbis";
  if (isWebm(p) && ["vp8", "vp9", "av1"].includes(v.codec) && webAudio) {
    return plan("-map 0:v:0 -map 0:a:0? -c copy -f webm", "webm", "video/webm", false);
  }
  return plan(
    `-map 0:v:0 -map 0:a:0? -threads ${threads} -c:v libx264 -preset veryfast -crf 23 -profile:v high -pix_fmt yuv420p -vf ${CAP_1080P} -c:a aac -b:a 128k -ac 2 -movflags +faststart -f mp4`,
    "mp4",
    "video/mp4",
    true,
  );
}

/** Audio browsers play (MP3, AAC, Opus) is kept; the rest becomes AAC in M4A, which every browser plays. */
function audioPlan(p: Probe, threads: number): Plan {
  const codec = p.audio!.codec;
  const copy = "-map 0:a:0 -c copy";
  if (codec === "mp3") {
    return plan(`${copy} -write_id3v1 0 -id3v2_version 0 -f mp3`, "mp3", "audio/mpeg", false);
  }
  if (codec === "aac")
    return plan(`${copy} -movflags +faststart -f mp4`, "m4a", "audio/mp4", false);
  if (codec === "opus" && isWebm(p)) return plan(`${copy} -f webm`, "webm", "audio/webm", false);
  if (codec === "opus" && p.container === "ogg")
    return plan(`${copy} -f ogg`, "ogg", "audio/ogg", false);
  return plan(
    `-map 0:a:0 -threads ${threads} -c:a aac -b:a 128k -movflags +faststart -f mp4`,
    "m4a",
    "audio/mp4",
    true,
  );
}

function minutes(ms: number): string {
  const m = ms / 60_000;
  return `${m.toLocaleString("en", { maximumFractionDigits: 1 })} minute${m === 1 ? "" : "s"}`;
}

/** Checks a probed file against the limits and says what it is. */
function kindWithinLimits(p: Probe, bytes: number, limits: AvLimits): "audio" | "video" {
  const kind = p.video ? "video" : p.audio ? "audio" : null;
  if (!kind) throw new MediaRefused("This file holds neither audio nor video.", 422);
  if (p.durationMs <= 0)
    throw new MediaRefused("This recording has no length: it may be damaged.", 422);
  if (p.durationMs > limits.maxDurationSeconds * 1000) {
    throw new MediaRefused(
      `This recording is ${minutes(p.durationMs)} long; the limit is ${minutes(limits.maxDurationSeconds * 1000)}.`,
      422,
    );
  }
  const max = kind === "audio" ? limits.maxAudioBytes : limits.maxVideoBytes;
  if (bytes > max) {
    throw new MediaRefused(
      `This ${kind} file is larger than the ${Math.round(max / 1048576)} MB limit.`,
      413,
    );
  }
  return kind;
}

/** Loudness peaks of the audio: decoded to 8 kHz mono PCM, the largest sample per bucket. */
async function audioPeaks(tools: MediaTools, file: string, durationMs: number): Promise<number[]> {
  const rate = 8000;
  const perBucket = Math.max(1, Math.ceil(((durationMs / 1000) * rate) / PEAK_COUNT));
  const peaks = new Array<number>(PEAK_COUNT).fill(0);
  let sample = 0;
  let carry: Buffer | null = null;
  await tools.ffmpeg(
    ["-i", file, "-map", "0:a:0", "-ac", "1", "-ar", String(rate), "-f", "s16le", "pipe:1"],
    {
      onStdout: (chunk) => {
        const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
        const usable = data.length - (data.length % 2);
        for (let at = 0; at < usable; at += 2, sample++) {
          const bucket = Math.min(PEAK_COUNT - 1, Math.floor(sample / perBucket));
          const level = Math.abs(data.readInt16LE(at)) / 32768;
          if (level > peaks[bucket]!) peaks[bucket] = level;
        }
        carry = usable < data.length ? data.subarray(usable) : null;
      },
    },
  );
  const loudest = Math.max(...peaks, 1e-6);
  return peaks.map((p) => Math.round((p / loudest) * 1000) / 1000);
}

/** A frame a little way in (or the first one, for very short videos), at most 1280 px. */
async function posterFrame(tools: MediaTools, file: string, durationMs: number, workDir: string) {
  const poster = path.join(workDir, "poster.jpg");
  const at = Math.min(1, durationMs / 3000).toFixed(3);
  const scale =
    "scale='trunc(iw*min(1,1280/max(iw,ih))/2)*2':'trunc(ih*min(1,1280/max(iw,ih))/2)*2'";
  await tools.ffmpeg(["-ss", at, "-i", file, "-frames:v", "1", "-vf", scale, "-q:v", "3", poster]);
  return poster;
}

/**
 * Turns an uploaded recording into what browsers play: probed, checked
 * against the limits, kept (remuxed) or transcoded, every piece of metadata
 * dropped; plus a poster frame (video) or waveform peaks (audio).
 */
export async function processAv(
  tools: MediaTools,
  input: string,
  bytes: number,
  workDir: string,
  limits: AvLimits,
): Promise<AvOutput> {
  const probed = await probe(tools, input);
  const kind = kindWithinLimits(probed, bytes, limits);
  const plan =
    kind === "video" ? videoPlan(probed, tools.threads) : audioPlan(probed, tools.threads);
  const file = path.join(workDir, `${kind}.${plan.extension}`);
  try {
    await tools.ffmpeg(["-i", input, ...plan.args, ...STRIP, file]);
  } catch (error) {
    if (error instanceof ToolFailed && !error.timedOut) {
      throw new MediaRefused(`This ${kind} could not be converted (${error.reason}).`, 422);
    }
    throw error;
  }
  const result = await probe(tools, file);
  const summary: ProbeSummary = {
    container: probed.container,
    videoCodec: probed.video?.codec ?? null,
    audioCodec: probed.audio?.codec ?? null,
    transcoded: plan.transcoded,
  };
  return {
    kind,
    file,
    type: plan.type,
    extension: plan.extension,
    durationMs: result.durationMs || probed.durationMs,
    width: result.video?.width ?? null,
    height: result.video?.height ?? null,
    poster: kind === "video" ? await posterFrame(tools, file, result.durationMs, workDir) : null,
    peaks: kind === "audio" ? await audioPeaks(tools, file, result.durationMs) : null,
    summary,
  };
}
