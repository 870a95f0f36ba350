// `npm run bench:api`: how fast the client API serves a home timeline
// (`GET /api/v1/timelines/home?limit=40`) to a member following 500 accounts,
// with 1,000,000 statuses in the database (BENCH_ENTRIES for fewer), measured
// against a bare Hono "hello world" in the same run: with the API's timeline
// cache on (its default), on while another process writes 10 times a second
// (each write empties the cache), and off (`API_CACHE_SECONDS=0`), each on a
// server of its own. Not a test: it prints figures and PASS/MISS against the
// target (p99 < 25 ms at 50 connections), and with `--record` writes them into
// docs/benchmarks.md.
import fs from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { openRuntime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { issueToken } from "../src/domain/api/index.ts";
import { freshDataDir, ROOT, spawnServer, stopServer } from "../test/helpers/server.ts";
import { startHello } from "./hello-server.ts";
import {
  markdownTable,
  type Run,
  runCleanups,
  runOf,
  saveResults,
  TARGET_P99_MS,
} from "./report.ts";
import { seed } from "./seed.ts";

const SIZE = { members: 1_000, entries: Number(process.env.BENCH_ENTRIES ?? 1_000_000) };
const FOLLOWED = 500;
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
/**
 * The API allows each token 300 requests per 5 minutes (as Mastodon does), so
 * the load is spread over many tokens of the same member: what is measured
 * is the timeline, not the 429 answer.
 */
const TOKENS = 1_000;
/** Writes per second from another process during the "writes" run. */
const WRITES_PER_SECOND = 10;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function measure(
  name: string,
  url: string,
  tokens: string[] = [],
  during: { start(): void; stop(): Promise<void> } | null = null,
): Promise<Run | null> {
  const auth = (i: number): Record<string, string> =>
    tokens.length > 0 ? { authorization: `Bearer ${tokens[i % tokens.length]}` } : {};
  const probe = await fetch(url, { headers: auth(0) });
  const body = await probe.text();
  if (probe.status !== 200) {
    log(`  ${name}: ${url} answers ${probe.status}, not 200 — skipped: ${body.slice(0, 200)}`);
    return null;
  }
  let next = 0;
  const options = {
    url,
    connections: CONNECTIONS,
    requests: [
      {
        setupRequest: (request: {
          method: string;
          path: string;
          headers: Record<string, string>;
        }) => ({
          ...request,
          headers: { ...request.headers, ...auth(next++) },
        }),
      },
    ],
  };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  during?.start();
  const result = await autocannon({ ...options, duration: SECONDS });
  await during?.stop();
  return runOf(name, new URL(url).pathname + new URL(url).search, result);
}

/** The reader (member1000) follows member1 … member500; returns their user id. */
async function seedFollows(sql: import("postgres").Sql): Promise<string> {
  await sql`
    insert into follows (follower_id, followed_id, state)
    select md5('actor' || ${SIZE.members})::uuid, md5('actor' || i)::uuid, 'accepted'
    from generate_series(1, ${FOLLOWED}) as i`;
  await sql`analyze follows`;
  const [reader] = await sql<{ id: string }[]>`
    select id from users where actor_id = md5('actor' || ${SIZE.members})::uuid`;
  if (!reader) throw new Error("The reader was not seeded");
  return reader.id;
}

/**
 * Another process (this one, on its own connection) changing a row the
 * timeline does not show, WRITES_PER_SECOND times a second: each commit is
 * announced, and the server empties its cache.
 */
function steadyWrites(sql: import("postgres").Sql): { start(): void; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let pending: Promise<unknown> = Promise.resolve();
  let count = 0;
  return {
    start() {
      timer = setInterval(() => {
        count++;
        pending = sql`update actors set headline = ${`bench write ${count}`}
          where id = md5('actor' || ${SIZE.members - 1})::uuid`.execute();
      }, 1000 / WRITES_PER_SECOND);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await pending;
    },
  };
}

function render(facts: { runs: Run[]; seedMs: number; visible: number; load: string }): string {
  const hello = facts.runs.find((run) => run.name === "hello world");
  const rows = facts.runs.map((run) => [
    run.name,
    `\`${run.path}\``,
    run.requestsPerSecond.toFixed(0),
    String(run.p50),
    String(run.p99),
    hello ? (run.requestsPerSecond / hello.requestsPerSecond).toFixed(3) : "",
    String(run.errors),
  ]);
  const table = markdownTable(
    ["target", "path", "requests/s", "p50 ms", "p99 ms", "× hello world", "errors"],
    rows,
    [false, false, true, true, true, true, true],
  );
  const verdicts = facts.runs
    .filter((run) => run.name !== "hello world")
    .map(
      (run) =>
        `- ${run.p99 < TARGET_P99_MS ? "PASS" : "MISS"} ${run.name} p99 ${run.p99} ms (target < ${TARGET_P99_MS} ms)`,
    );
  return [
    `### ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} CPUs, Node ${process.version}`,
    "",
    `Machine: ${os.cpus()[0]?.model.trim() ?? "unknown"}, ${os.availableParallelism()} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GB; load average ${facts.load} when the measuring began. Data: ${SIZE.members.toLocaleString("en")} members, ${SIZE.entries.toLocaleString("en")} entries (seeded in ${facts.seedMs} ms); the reader follows ${FOLLOWED} members, whose ${facts.visible.toLocaleString("en")} entries it may see. ${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP_SECONDS} s of warm-up, spread over ${TOKENS} tokens of the reader (the rate limit is per token). "cached": \`API_CACHE_SECONDS\` at its default, no writes (nearly every request is a hit); "cached, writes": the same while another process commits ${WRITES_PER_SECOND} writes a second, each emptying the cache; "uncached": \`API_CACHE_SECONDS=0\`. Each on a fresh server process.`,
    "",
    ...table,
    "",
    ...verdicts,
  ].join("\n");
}

async function main(): Promise<void> {
  const dataDir = freshDataDir("outloud-bench-api-");
  const cleanups: (() => unknown)[] = [() => fs.rmSync(dataDir, { recursive: true, force: true })];
  try {
    log(`Seeding ${SIZE.members} members and ${SIZE.entries} entries…`);
    const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warning" }));
    cleanups.push(() => runtime.close());
    const sql = runtime.database.sql;
    const seedStarted = performance.now();
    await seed(sql, SIZE);
    const readerId = await seedFollows(sql);
    const seedMs = Math.round(performance.now() - seedStarted);
    const [{ visible } = { visible: 0 }] = await sql<{ visible: number }[]>`
      select count(*)::int as visible from entries e join follows f on f.followed_id = e.author_id
      where f.follower_id = md5('actor' || ${SIZE.members})::uuid
        and e.audience in ('public', 'unlisted', 'followers')`;
    log(`  seeded in ${seedMs} ms; the reader may see ${visible} entries of those it follows`);
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++) {
      const { token } = await issueToken(runtime.ctx, {
        appId: null,
        userId: readerId,
        scopes: ["read"],
        name: `bench ${i}`,
      });
      tokens.push(token);
    }

    const hello = await startHello();
    cleanups.push(() => hello.child.kill("SIGKILL"));

    const load = os.loadavg()[0]?.toFixed(1) ?? "?";
    log(`Load: ${CONNECTIONS} connections, ${SECONDS} s each (after ${WARMUP_SECONDS} s warm-up)`);
    const runs: Run[] = [];
    const hw = await measure("hello world", hello.url);
    if (hw) runs.push(hw);
    hello.child.kill("SIGTERM");
    const variants: {
      name: string;
      env: Record<string, string>;
      during: ReturnType<typeof steadyWrites> | null;
    }[] = [
      { name: "home, cached", env: {}, during: null },
      { name: "home, cached, writes", env: {}, during: steadyWrites(sql) },
      { name: "home, uncached", env: { API_CACHE_SECONDS: "0" }, during: null },
    ];
    for (const variant of variants) {
      // A server of its own: a fresh cache, rate-limit budget and JIT for each variant.
      const server = await spawnServer({
        DATABASE_URL: runtime.database.url,
        LOG_LEVEL: "warning",
        ...variant.env,
      });
      cleanups.push(() => server.child.kill("SIGKILL"));
      const url = `${server.url}/api/v1/timelines/home?limit=40`;
      const run = await measure(variant.name, url, tokens, variant.during);
      if (run) runs.push(run);
      await stopServer(server, "SIGTERM");
    }

    const text = render({ runs, seedMs, visible, load });
    log(`\n${text}`);
    saveResults(ROOT, "api", { size: SIZE, runs, seedMs, visible }, text);
  } finally {
    await runCleanups(cleanups);
  }
}

await main();
