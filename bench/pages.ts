// `npm run bench:pages`: how fast Outloud serves a profile and an entry page
// from a database of 1,000 members and 100,000 entries, measured against a
// bare Hono "hello world" in the same run. Also idle memory and start-up time.
// Not a test: it prints figures and PASS/MISS against the targets, and with
// `--record` writes them into docs/benchmarks.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { openRuntime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { createSession } from "../src/domain/accounts/sessions.ts";
import {
  freshDataDir,
  ROOT,
  type ServerProcess,
  spawnServer,
  stopServer,
} from "../test/helpers/server.ts";
import { startHello } from "./hello-server.ts";
import { type Memory, memoryOf, postgresPids } from "./processes.ts";
import { type Report, type Run, recordReport, renderReport, runOf } from "./report.ts";
import { seed } from "./seed.ts";
import { seedPortfolio } from "./seed-portfolio.ts";

const SIZE = { members: 1_000, entries: 100_000 };
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function measure(
  name: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<Run | null> {
  const probe = await fetch(url, { redirect: "manual", headers });
  await probe.arrayBuffer();
  if (probe.status !== 200) {
    log(`  ${name}: ${url} answers ${probe.status}, not 200 — skipped`);
    return null;
  }
  await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP_SECONDS });
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  return runOf(name, new URL(url).pathname, result);
}

/** Spawns `npm start`'s command on dataDir and times it until GET / answers. */
async function timeToFirstPage(dataDir: string): Promise<{ ms: number; server: ServerProcess }> {
  const started = performance.now();
  const server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: "warning" });
  return { ms: Math.round(performance.now() - started), server };
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const dataDir = freshDataDir("outloud-bench-");
  // Undone in reverse order whatever happens; each step tolerates running twice.
  const cleanups: (() => unknown)[] = [() => fs.rmSync(dataDir, { recursive: true, force: true })];
  try {
    log(`Seeding ${SIZE.members} members and ${SIZE.entries} entries…`);
    const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warning" }));
    cleanups.push(() => runtime.close());
    const sql = runtime.database.sql;
    const seedStarted = performance.now();
    await seed(sql, SIZE);
    const seedMs = Math.round(performance.now() - seedStarted);
    const [entry] = await sql<{ id: string }[]>`
      select e.id from entries e join actors a on a.id = e.author_id
      where a.handle = 'member42' and e.audience = 'public'
      order by e.published_at desc limit 1`;
    // The portfolio page: 20 items with photos (issue 4).
    const portfolioPath = await seedPortfolio(sql, "member42");
    log(`  seeded in ${seedMs} ms`);
    // A signed-in member's pages are never served from the page cache: measure both.
    const [reader] = await sql<{ id: string }[]>`
      select u.id from users u join actors a on a.id = u.actor_id where a.handle = 'member7'`;
    const session = `outloud_session=${await createSession(runtime.ctx, reader!.id)}`;

    const server = await spawnServer({
      DATABASE_URL: runtime.database.url,
      LOG_LEVEL: "warning",
    });
    cleanups.push(() => server.child.kill("SIGKILL"));
    const hello = await startHello();
    cleanups.push(() => hello.child.kill("SIGKILL"));

    log(`Load: ${CONNECTIONS} connections, ${SECONDS} s each (after ${WARMUP_SECONDS} s warm-up)`);
    const runs: Run[] = [];
    for (const [name, url] of [
      ["hello world", hello.url],
      ["profile", `${server.url}/@member42`],
      ["entry", `${server.url}/@member42/${entry?.id}`],
      ["portfolio", `${server.url}${portfolioPath}`],
    ] as const) {
      const run = await measure(name, url);
      if (run) runs.push(run);
    }
    for (const [name, url] of [
      ["profile (signed in)", `${server.url}/@member42`],
      ["entry (signed in)", `${server.url}/@member42/${entry?.id}`],
      ["portfolio (signed in)", `${server.url}${portfolioPath}`],
    ] as const) {
      const run = await measure(name, url, { cookie: session });
      if (run) runs.push(run);
    }
    const loadedServerMb = memoryOf([server.pid]).rssMb;
    await stopServer(server, "SIGTERM");
    hello.child.kill("SIGTERM");
    await runtime.close();

    log("Start-up: `npm start` on the seeded folder, then on an empty one");
    const restart = await timeToFirstPage(dataDir);
    cleanups.push(() => restart.server.child.kill("SIGKILL"));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idle: { server: Memory; postgres: Memory } = {
      server: memoryOf([restart.server.pid]),
      postgres: memoryOf(postgresPids(dataDir)),
    };
    await stopServer(restart.server, "SIGTERM");
    const emptyDir = freshDataDir("outloud-bench-empty-");
    cleanups.push(() => fs.rmSync(emptyDir, { recursive: true, force: true }));
    const fresh = await timeToFirstPage(emptyDir);
    cleanups.push(() => fresh.server.child.kill("SIGKILL"));
    await stopServer(fresh.server, "SIGTERM");

    const report: Report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.type()} ${os.release()}`,
      },
      size: SIZE,
      seedMs,
      connections: CONNECTIONS,
      seconds: SECONDS,
      runs,
      loadedServerMb,
      idle,
      startMs: { restart: restart.ms, firstEver: fresh.ms },
      totalSeconds: 0,
    };
    report.totalSeconds = Math.round((performance.now() - benchStarted) / 1000);
    const text = renderReport(report);
    log(`\n${text}`);
    fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "bench/results/pages.json"), JSON.stringify(report, null, 2));
    if (process.argv.includes("--record")) {
      recordReport(path.join(ROOT, "docs/benchmarks.md"), text);
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
