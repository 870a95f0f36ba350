import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { binaryPath } from "../src/media/ffmpeg.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { mediaRows, mediaScratch, testVideo, tone, uploadFile } from "./helpers/media.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

interface Probed {
  format: { format_name: string; duration: string; tags?: Record<string, string> };
  streams: {
    codec_type: string;
    codec_name: string;
    width?: number;
    height?: number;
    tags?: Record<string, string>;
  }[];
}

function ffprobe(file: string): Probed {
  const out = execFileSync(binaryPath("ffprobe"), [
    "-v",
    "error",
    "-print_format",
    "json",
    "-show_format",
    "-show_streams",
    file,
  ]);
  return JSON.parse(out.toString("utf8"));
}

describe("audio and video", () => {
  let runtime: TestRuntime;
  let member: CurrentUser;
  let client: TestClient;
  let scratch: string;

  before(async () => {
    runtime = await startTestRuntime({ MEDIA_MAX_DURATION_SECONDS: "20" });
    member = await makeMember(runtime.ctx, "ada");
    client = await signedInClient(runtime, member);
    scratch = mediaScratch();
  });
  after(async () => {
    await runtime.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** Uploads, runs the jobs, returns the row and the stored main file's path. */
  async function processed(data: Buffer, name: string, type: string) {
    const response = await uploadFile(client, data, name, type);
    assert.equal(response.status, 201, await response.clone().text());
    const { id } = (await response.json()) as { id: string };
    await runtime.drainJobs();
    const row = (await mediaRows(runtime)).find((r) => r.id === id)!;
    const main = row.variants.video ?? row.variants.audio;
    return { row, file: main ? path.join(runtime.dataDir, "media", main.key) : "" };
  }

  function assertNoTags(probed: Probed) {
    assert.equal(probed.format.tags?.title, undefined, "no title tag");
    assert.equal(probed.format.tags?.artist, undefined, "no artist tag");
    assert.equal(probed.format.tags?.location, undefined, "no location tag");
  }

  it("keeps an MP3 as it is, without its tags, with waveform peaks", async () => {
    const data = tone(scratch, "tone.mp3", 3, ["-c:a", "libmp3lame", "-b:a", "64k"]);
    const { row, file } = await processed(data, "tone.mp3", "audio/mpeg");
    assert.equal(row.state, "ready", row.failure_reason ?? "");
    assert.equal(row.kind, "audio");
    assert.equal(row.variants.audio?.type, "audio/mpeg");
    assert.equal(row.probe?.transcoded, false);
    assert.ok(Math.abs((row.duration_ms ?? 0) - 3000) < 150, `duration ${row.duration_ms}`);
    assert.equal(row.peaks?.length, 100);
    assert.ok(row.peaks!.every((p) => p >= 0 && p <= 1));
    assert.ok(Math.max(...row.peaks!) === 1, "peaks are scaled to the loudest");
    const probed = ffprobe(file);
    assert.equal(probed.streams[0]?.codec_name, "mp3");
    assertNoTags(probed);
  });

  it("transcodes audio browsers may not play (WAV) to AAC", async () => {
    const data = tone(scratch, "tone.wav", 2, ["-c:a", "pcm_s16le"]);
    const { row, file } = await processed(data, "voice memo.wav", "audio/wav");
    assert.equal(row.state, "ready", row.failure_reason ?? "");
    assert.equal(row.probe?.transcoded, true);
    assert.equal(row.variants.audio?.type, "audio/mp4");
    const probed = ffprobe(file);
    assert.equal(probed.streams.find((s) => s.codec_type === "audio")?.codec_name, "aac");
    assertNoTags(probed);
  });

  it("keeps H.264/AAC MP4 as it is, and makes a poster", async () => {
    const data = testVideo(scratch, "clip.mp4", 2, "320x240", [
      "-c:v",
      "libx264",
      "-preset",
      "ultrafast",
      "-pix_fmt",
      "yuv420p",
      "-c:a",
      "aac",
    ]);
    const { row, file } = await processed(data, "clip.mp4", "video/mp4");
    assert.equal(row.state, "ready", row.failure_reason ?? "");
    assert.equal(row.kind, "video");
    assert.equal(row.probe?.transcoded, false);
    assert.deepEqual([row.width, row.height], [320, 240]);
    const probed = ffprobe(file);
    assert.equal(probed.streams.find((s) => s.codec_type === "video")?.codec_name, "h264");
    assertNoTags(probed);
    const poster = row.variants.poster!;
    const metadata = await sharp(path.join(runtime.dataDir, "media", poster.key)).metadata();
    assert.equal(metadata.format, "jpeg");
    assert.deepEqual([metadata.width, metadata.height], [320, 240]);
    assert.equal(metadata.exif, undefined);
    assert.ok(row.blurhash, "the poster has a blurhash");
  });

  it("transcodes video browsers do not play to H.264/AAC MP4, capped at 1080p", async () => {
    const data = testVideo(scratch, "big.mkv", 1, "2560x1440", [
      "-c:v",
      "mpeg4",
      "-q:v",
      "10",
      "-c:a",
      "mp2",
    ]);
    const { row, file } = await processed(data, "big.mkv", "video/x-matroska");
    assert.equal(row.state, "ready", row.failure_reason ?? "");
    assert.equal(row.probe?.transcoded, true);
    assert.equal(row.probe?.videoCodec, "mpeg4");
    assert.equal(row.variants.video?.type, "video/mp4");
    const probed = ffprobe(file);
    const video = probed.streams.find((s) => s.codec_type === "video")!;
    assert.equal(video.codec_name, "h264");
    assert.deepEqual([video.width, video.height], [1920, 1080]);
    assert.equal(probed.streams.find((s) => s.codec_type === "audio")?.codec_name, "aac");
    assertNoTags(probed);
  });

  it("fails a corrupt video cleanly, with a reason the member can read", async () => {
    // An MP4's first box, then noise: it passes the upload's type check, not ffprobe.
    const head = Buffer.from([
      0,
      0,
      0,
      24,
      ...Buffer.from("ftypisom"),
      0,
      0,
      2,
      0,
      ...Buffer.from("isommp41"),
    ]);
    const data = Buffer.concat([head, Buffer.alloc(20_000, 0x5a)]);
    const response = await uploadFile(client, data, "broken.mp4", "video/mp4");
    assert.equal(response.status, 201);
    const { id } = (await response.json()) as { id: string };
    await runtime.drainJobs();
    const row = (await mediaRows(runtime)).find((r) => r.id === id)!;
    assert.equal(row.state, "failed");
    assert.match(row.failure_reason ?? "", /could not be read as audio or video/);
    assert.deepEqual(row.variants, {});
    assert.ok(
      !fs.existsSync(path.join(runtime.dataDir, "media", "incoming", id)),
      "upload removed",
    );
    const [job] = await runtime.database.sql<{ state: string; attempts: number }[]>`
      select state, attempts from jobs where kind = 'process-media' and payload->>'mediaId' = ${id}`;
    assert.deepEqual([job?.state, job?.attempts], ["done", 1], "not retried: it cannot succeed");
  });

  it("fails a recording longer than the limit", async () => {
    const data = tone(scratch, "long.mp3", 25, ["-c:a", "libmp3lame", "-b:a", "32k"]);
    const { row } = await processed(data, "long.mp3", "audio/mpeg");
    assert.equal(row.state, "failed");
    assert.match(row.failure_reason ?? "", /0\.4 minutes long; the limit is 0\.3 minutes/);
  });
});
