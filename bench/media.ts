// `npm run bench:media`: how fast Outloud turns photos into their variants,
// how fast it transcodes video, and whether pages stay fast meanwhile: the
// profile page's p99 (autocannon) alone, then while a 30-second 1080p video
// transcodes in the same server, printed as a ratio (target: within 2×).
// Not a test: it prints figures, and with `--record` writes them into
// docs/benchmarks.md.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import sharp from "sharp";
import { openRuntime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { createMember } from "../src/domain/accounts/members.ts";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { binaryPath } from "../src/media/ffmpeg.ts";
import { processImage } from "../src/media/images.ts";
import { freshDataDir, ROOT, spawnServer, stopServer } from "../test/helpers/server.ts";
import { markdownTable, recordReport } from "./report.ts";
import { seed } from "./seed.ts";

const IMAGES = Number(process.env.BENCH_IMAGES ?? 12);
const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const VIDEO_SECONDS = 30;
const TARGET_RATIO = 2;
/** A double-submit CSRF token of our own (cookie and header agree). */
const CSRF = "bench-media-csrf-token-0123456789abcdef";

function describe(run: Load): string {
  return `${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms`;
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** A 12-megapixel camera-like JPEG: noise, so it compresses like a photo (about 5 MB). */
async function twelveMegapixels(): Promise<Buffer> {
  return sharp({
    create: {
      width: 4000,
      height: 3000,
      channels: 3,
      background: "#6b8f71",
      noise: { type: "gaussian", mean: 120, sigma: 40 },
    },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function imagesPerSecond(
  dir: string,
): Promise<{ perSecond: number; bytes: number; msEach: number }> {
  const file = path.join(dir, "photo-12mp.jpg");
  const data = await twelveMegapixels();
  fs.writeFileSync(file, data);
  await processImage(file, 50_000_000); // warm-up
  const started = performance.now();
  for (let i = 0; i < IMAGES; i++) await processImage(file, 50_000_000);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: IMAGES / seconds, bytes: data.length, msEach: (seconds * 1000) / IMAGES };
}

/** A video browsers do not play (MPEG-4 Part 2 in Matroska), so Outloud transcodes it. */
function makeVideo(dir: string): string {
  const file = path.join(dir, "build-1080p.mkv");
  execFileSync(binaryPath("ffmpeg"), [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=duration=${VIDEO_SECONDS}:size=1920x1080:rate=30`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=330:duration=${VIDEO_SECONDS}`,
    "-shortest",
    "-c:v",
    "mpeg4",
    "-q:v",
    "4",
    "-c:a",
    "mp2",
    file,
  ]);
  return file;
}

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const startLoad = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(", ");
  const dataDir = freshDataDir("outloud-bench-media-");
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "outloud-bench-media-files-"));
  const cleanups: (() => unknown)[] = [
    () => fs.rmSync(dataDir, { recursive: true, force: true }),
    () => fs.rmSync(scratch, { recursive: true, force: true }),
  ];
  try {
    log(`Images: a 12-megapixel JPEG to all variants, ${IMAGES} times…`);
    const images = await imagesPerSecond(scratch);
    log(
      `  ${images.perSecond.toFixed(2)} images/s (${images.msEach.toFixed(0)} ms each, ${(images.bytes / 1048576).toFixed(1)} MB input)`,
    );

    log(`Making a ${VIDEO_SECONDS}-second 1080p test video…`);
    const video = makeVideo(scratch);

    log("Seeding 1,000 members and 100,000 entries…");
    const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warning" }));
    cleanups.push(() => runtime.close());
    await seed(runtime.database.sql, { members: 1_000, entries: 100_000 });
    const uploader = await createMember(runtime.ctx, {
      handle: "uploader",
      email: "uploader@example.org",
      password: "correct horse battery",
    });
    const cookie = `outloud_session=${await createSession(runtime.ctx, uploader.userId)}; outloud_csrf=${CSRF}`;

    // One process serving pages and running jobs, as `npm start` does by default.
    const server = await spawnServer({
      DATABASE_URL: runtime.database.url,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warning",
    });
    cleanups.push(() => server.child.kill("SIGKILL"));
    const profile = `${server.url}/@member42`;
    // A visitor's profile comes from the page cache; a member's is rendered for them each time.
    const targets: { name: string; headers: Record<string, string> }[] = [
      { name: "visitor (page cache)", headers: {} },
      { name: "signed-in member (rendered)", headers: { cookie } },
    ];
    const idle: Load[] = [];
    for (const target of targets) {
      log(`Profile page alone, ${target.name}: ${CONNECTIONS} connections, ${SECONDS} s…`);
      idle.push(await load(profile, target.headers));
      log(`  ${describe(idle.at(-1)!)}`);
    }

    log("Uploading the video…");
    const form = new FormData();
    form.append(
      "file",
      new Blob([fs.readFileSync(video)], { type: "video/x-matroska" }),
      "build.mkv",
    );
    const uploaded = await fetch(`${server.url}/media`, {
      method: "POST",
      headers: { cookie, "x-csrf-token": CSRF, accept: "application/json" },
      body: form,
    });
    if (uploaded.status !== 201)
      throw new Error(`upload answered ${uploaded.status}: ${await uploaded.text()}`);
    const { id } = (await uploaded.json()) as { id: string };
    const sql = runtime.database.sql;
    const stateOf = async () =>
      (
        await sql<{ state: string; created_at: string; processed_at: string | null }[]>`
        select state, created_at, processed_at from media where id = ${id}`
      )[0];
    // Wait for the worker to take the job: the loads below run while ffmpeg does.
    while ((await stateOf())?.state === "processing") {
      const [job] = await sql<
        { state: string }[]
      >`select state from jobs where payload->>'mediaId' = ${id}`;
      if (job?.state === "running") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const busy: Load[] = [];
    for (const target of targets) {
      log(`Profile page while the video transcodes, ${target.name}…`);
      busy.push(await load(profile, target.headers));
      log(`  ${describe(busy.at(-1)!)}`);
    }
    const stillTranscoding = (await stateOf())?.state === "processing";
    if (!stillTranscoding) log("  (the transcode ended before the loads did)");
    while ((await stateOf())?.state === "processing") {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const done = (await stateOf())!;
    if (done.state !== "ready") throw new Error(`the video ended ${done.state}`);
    const transcodeSeconds =
      (new Date(done.processed_at!).getTime() - new Date(done.created_at).getTime()) / 1000;
    const speed = VIDEO_SECONDS / transcodeSeconds;
    log(`  transcoded in ${transcodeSeconds.toFixed(1)} s: ${speed.toFixed(2)}× real time`);
    await stopServer(server, "SIGTERM");

    const ratios = targets.map((_, i) => busy[i]!.p99 / Math.max(idle[i]!.p99, 1));
    const cpu = os.cpus()[0]?.model.trim() ?? "unknown";
    const date = new Date().toISOString();
    const row = (name: string, run: Load) => [
      name,
      run.requestsPerSecond.toFixed(0),
      String(run.p50),
      String(run.p99),
      String(run.errors),
    ];
    const table = markdownTable(
      ["profile page (`/@member42`)", "requests/s", "p50 ms", "p99 ms", "errors"],
      targets.flatMap((target, i) => [
        row(`${target.name}, alone`, idle[i]!),
        row(`${target.name}, while a 1080p video transcodes`, busy[i]!),
      ]),
      [false, true, true, true, true],
    );
    const { media } = loadConfig({});
    const text = [
      `### ${date.slice(0, 10)}: ${os.availableParallelism()} CPUs, Node ${process.version}`,
      "",
      `Machine: ${cpu}, ${os.availableParallelism()} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GB; ffmpeg \`${path.relative(ROOT, binaryPath("ffmpeg"))}\`; defaults MEDIA_CONCURRENCY=${media.concurrency}, MEDIA_FFMPEG_THREADS=${media.ffmpegThreads}, niceness 19. Load average when it started: ${startLoad} (other work on the machine skews the figures).`,
      "",
      `- Photos: **${images.perSecond.toFixed(2)} images/s**: a 12-megapixel JPEG (${(images.bytes / 1048576).toFixed(1)} MB) to its three variants (400, 1280 and 4096 px) and a blurhash, ${images.msEach.toFixed(0)} ms each, one at a time.`,
      `- Video: a ${VIDEO_SECONDS}-second 1080p MPEG-4 video transcoded to H.264/AAC (upload to ready, poster included) in ${transcodeSeconds.toFixed(1)} s: **${speed.toFixed(2)}× real time**.`,
      "",
      ...table,
      "",
      ...targets.map(
        (target, i) =>
          `- ${ratios[i]! <= TARGET_RATIO ? "PASS" : "MISS"} ${target.name}: p99 while transcoding is ${ratios[i]!.toFixed(2)}× the p99 alone (target ≤ ${TARGET_RATIO}×)${stillTranscoding ? "" : "; the transcode ended before the loads did"}.`,
      ),
      "",
      `Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run after 2 s of warm-up; one server process (web and worker, as \`npm start\`), PostgreSQL and autocannon share the machine. Whole benchmark: ${Math.round((performance.now() - benchStarted) / 1000)} s.`,
    ].join("\n");
    log(`\n${text}`);
    fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, "bench/results/media.json"),
      JSON.stringify({ date, images, idle, busy, ratios, transcodeSeconds, speed }, null, 2),
    );
    if (process.argv.includes("--record")) {
      recordReport(path.join(ROOT, "docs/benchmarks.md"), text, "media");
      log("Recorded in docs/benchmarks.md");
    }
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {}
    }
  }
}

await main();
