// `npm run bench:search`: search latency over the seeded archive (1,000
// members, 100,000 entries from bench/seed.ts, their text rewritten with
// generated realistic text), measured in the domain (the queries a /search page
// runs: results, capped count, snippets, tags), against a plain indexed lookup
// (one page of a profile's entries) in the same run. Not a test: it prints
// figures and PASS/MISS, and with `--record` writes them into docs/benchmarks.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openRuntime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import type { Ctx } from "../src/domain/context.ts";
import { profileEntries } from "../src/domain/entries/index.ts";
import {
  parseQuery,
  rebuildRemoteSearchIndex,
  rebuildSearchIndex,
  searchForPage,
} from "../src/domain/search/index.ts";
import { ANONYMOUS, type Viewer } from "../src/domain/viewer.ts";
import { freshDataDir, ROOT } from "../test/helpers/server.ts";
import { cpuSecondsOf, postgresPids } from "./processes.ts";
import { markdownTable, recordReport } from "./report.ts";
import { seedRemotePosts } from "./search-remote.ts";
import { RARE_WORD, writeRealisticText } from "./search-text.ts";
import { seed } from "./seed.ts";

// The issue asks for 1,000,000 entries; BENCH_ENTRIES=100000 gives a quicker look.
const SIZE = { members: 1_000, entries: Number(process.env.BENCH_ENTRIES ?? 1_000_000) };
// Posts from other servers: every search merges those the viewer may see.
const REMOTE_POSTS = Number(process.env.BENCH_REMOTE_POSTS ?? 100_000);
// BENCH_DATA_DIR keeps the seeded database there (and reuses it when seeded already).
const KEPT_DATA_DIR = process.env.BENCH_DATA_DIR;
// 1,000: a p99 of 200 searches is decided by the two slowest, mostly the machine's hiccups.
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = [1, 8];
// BENCH_ONLY="two operators" measures only the rows whose name contains it (and the baseline).
const ONLY = process.env.BENCH_ONLY;
const TARGET_P99 = { recent: 50, relevance: 150 } as const;

interface Scenario {
  name: string;
  run: (ctx: Ctx) => Promise<unknown>;
  /** Which target applies (none for the baseline). */
  target: keyof typeof TARGET_P99 | null;
}

interface Figure {
  name: string;
  clients: number;
  p50: number;
  p99: number;
  perSecond: number;
  target: number | null;
  /** CPU ms per search: this process (the domain code) and PostgreSQL. */
  cpuMs: { node: number; postgres: number };
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** `REQUESTS` calls spread over `clients` concurrent loops, after a short warm-up. */
async function measure(
  ctx: Ctx,
  dataDir: string,
  scenario: Scenario,
  clients: number,
): Promise<Figure> {
  for (let i = 0; i < 5; i++) await scenario.run(ctx);
  const latencies: number[] = [];
  const nodeBefore = process.cpuUsage();
  // Backends the pool opens during the row count from their start (they are listed again after).
  const postgresCpu = () => cpuSecondsOf(postgresPids(dataDir));
  const postgresBefore = postgresCpu();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < REQUESTS) {
        const t = performance.now();
        await scenario.run(ctx);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const nodeUsed = process.cpuUsage(nodeBefore);
  const perSearch = (cpuSeconds: number) => (cpuSeconds * 1000) / latencies.length;
  const cpuMs = {
    node: perSearch((nodeUsed.user + nodeUsed.system) / 1e6),
    postgres: perSearch(postgresCpu() - postgresBefore),
  };
  latencies.sort((a, b) => a - b);
  const figure: Figure = {
    name: scenario.name,
    clients,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: latencies.length / seconds,
    target: scenario.target ? TARGET_P99[scenario.target] : null,
    cpuMs,
  };
  log(
    `  ${scenario.name.padEnd(34)} ×${clients}  p50 ${figure.p50.toFixed(1).padStart(6)} ms  p99 ${figure.p99.toFixed(1).padStart(6)} ms  ${figure.perSecond.toFixed(0).padStart(5)}/s  CPU ms: node ${cpuMs.node.toFixed(1)}, PostgreSQL ${cpuMs.postgres.toFixed(1)}`,
  );
  return figure;
}

function scenarios(member: Viewer): Scenario[] {
  // What the /search page asks for: the entries, and people and tags named like the words.
  const search = (q: string, sort: "recent" | "relevance", viewer: Viewer = ANONYMOUS) => ({
    run: (ctx: Ctx) => searchForPage(ctx, viewer, { query: parseQuery(q), sort, cursor: null }),
    target: sort,
  });
  return [
    {
      name: "baseline: profile page of entries",
      run: (ctx) => profileEntries(ctx, ANONYMOUS, "member42"),
      target: null,
    },
    { name: "common term, recent", ...search("team", "recent") },
    { name: "common term, relevance", ...search("team", "relevance") },
    { name: "medium term, recent", ...search("onboarding", "recent") },
    { name: "medium term, relevance", ...search("onboarding", "relevance") },
    { name: "rare term, recent", ...search(RARE_WORD, "recent") },
    { name: "rare term, relevance", ...search(RARE_WORD, "relevance") },
    { name: "phrase, recent", ...search('"team feedback"', "recent") },
    { name: "one operator, recent", ...search("feedback prompt:learning", "recent") },
    { name: "two operators, recent", ...search("feedback #design from:@member42", "recent") },
    { name: "two operators, relevance", ...search("feedback #design after:2026-01", "relevance") },
    { name: "as a member, common, recent", ...search("team", "recent", member) },
    { name: "as a member, common, relevance", ...search("team", "relevance", member) },
  ];
}

async function sizes(ctx: Ctx) {
  const { sql } = await import("drizzle-orm");
  const [row] = await ctx.db.execute<{
    index: string;
    table: string;
    sharedBuffers: string;
    matches: number;
  }>(sql`
    select pg_size_pretty(pg_relation_size('entries_search_idx')) as index,
      pg_size_pretty(pg_total_relation_size('entries')) as table,
      current_setting('shared_buffers') as "sharedBuffers",
      (select count(*)::int from entries where search @@ 'team'::tsquery) as matches`);
  return row;
}

function render(figures: Figure[], facts: Partial<Record<string, string | number>>): string {
  const baseline = figures.filter((f) => f.name.startsWith("baseline"));
  const rows = figures.map((f) => {
    const base = baseline.find((b) => b.clients === f.clients);
    return [
      f.name,
      String(f.clients),
      f.p50.toFixed(1),
      f.p99.toFixed(1),
      base ? (f.p50 / base.p50).toFixed(1) : "",
      f.target === null ? "" : `${f.p99 < f.target ? "PASS" : "MISS"} < ${f.target}`,
      f.cpuMs.node.toFixed(1),
      f.cpuMs.postgres.toFixed(1),
    ];
  });
  const table = markdownTable(
    [
      "query",
      "clients",
      "p50 ms",
      "p99 ms",
      "p50 × baseline",
      "p99 target",
      "CPU ms: Node",
      "CPU ms: PostgreSQL",
    ],
    rows,
    [false, true, true, true, true, false, true, true],
  );
  return [
    `### ${new Date().toISOString().slice(0, 10)}: ${os.availableParallelism()} CPUs, Node ${process.version}`,
    "",
    `Machine: ${os.cpus()[0]?.model.trim() ?? "unknown"}, ${os.availableParallelism()} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GB; load average ${facts.load} when the measuring began${Number(facts.load) > os.availableParallelism() ? " (above the CPU count: other work shared the machine, and p99 figures carry its noise)" : ""}. Data: ${SIZE.members.toLocaleString("en")} members, ${SIZE.entries.toLocaleString("en")} entries, ${REMOTE_POSTS.toLocaleString("en")} posts from other servers (80 % public); ${facts.matches} entries contain “team”, ${SIZE.entries / 10_000} contain “${RARE_WORD}”. Search index (GIN on \`entries.search\`) ${facts.index}; the entries table with its indexes ${facts.table}; ${facts.indexMs === "reused" ? "the database was seeded by an earlier run (`BENCH_DATA_DIR`), so seeding and building the search documents were not timed" : `building every search document took ${facts.indexMs} ms`}. ${REQUESTS} searches per row, in-process (no HTTP), each what a /search page asks for: results, count (capped at 100), snippets, tags of the results, and people and tags named like the words. CPU is per search, this process's (the domain code, in one thread) and PostgreSQL's (its cache: \`shared_buffers\` ${facts.sharedBuffers}).`,
    "",
    ...table,
  ].join("\n");
}

/** Seeds the archive, its search documents and the remote posts; returns the facts reported. */
async function seedArchive(runtime: Awaited<ReturnType<typeof openRuntime>>) {
  const sql = runtime.database.sql;
  log(`Seeding ${SIZE.members} members, ${SIZE.entries} entries and ${REMOTE_POSTS} remote posts…`);
  await seed(sql, SIZE);
  await writeRealisticText(sql);
  await seedRemotePosts(sql, REMOTE_POSTS);
  const indexStarted = performance.now();
  await rebuildSearchIndex(runtime.ctx);
  const indexMs = Math.round(performance.now() - indexStarted);
  await rebuildRemoteSearchIndex(runtime.ctx);
  // Three rewrites of every row (seed, text, documents) left dead versions
  // behind, and the rows shuffled: compact the tables as a long-running
  // instance's would be, entries in the order they were published (an
  // instance appends them as they are written; remote posts are in order).
  await sql`create index entries_bench_order_idx on entries (published_at desc, id desc)`;
  await sql`cluster entries using entries_bench_order_idx`;
  await sql`drop index entries_bench_order_idx`;
  await sql`analyze entries`;
  await sql`vacuum (full, analyze) remote_posts`;
  const [member] = await sql<{ id: string }[]>`select id from actors where handle = 'member7'`;
  // member7 follows 20 members and 50 remote accounts, so the followers-only rules have work to do.
  await sql`insert into follows (follower_id, followed_id, state)
    select ${member?.id ?? ""}::uuid, md5('actor' || i)::uuid, 'accepted'
    from generate_series(1, 20) as i where md5('actor' || i)::uuid <> ${member?.id ?? ""}::uuid
    union all
    select ${member?.id ?? ""}::uuid, md5('remote' || i)::uuid, 'accepted' from generate_series(1, 50) as i`;
  await sql`analyze`;
  return indexMs;
}

async function main(): Promise<void> {
  const dataDir = KEPT_DATA_DIR ?? freshDataDir("outloud-bench-search-");
  const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "warning" }));
  try {
    const sql = runtime.database.sql;
    const [seeded] = await sql<{ n: number }[]>`select count(*)::int as n from actors`;
    const indexMs = seeded?.n ? null : await seedArchive(runtime);
    const facts = { ...(await sizes(runtime.ctx)), indexMs: indexMs ?? "reused" };
    log(
      seeded?.n
        ? `  reused the database seeded in ${dataDir}; index ${facts.index}`
        : `  search documents built in ${indexMs} ms; index ${facts.index}`,
    );
    const [member] = await sql<{ id: string }[]>`select id from actors where handle = 'member7'`;
    const load = os.loadavg()[0]?.toFixed(1) ?? "?";
    const figures: Figure[] = [];
    for (const clients of CONCURRENCY) {
      log(`${clients} concurrent client${clients > 1 ? "s" : ""}:`);
      const rows = scenarios({ actorId: member?.id ?? null }).filter(
        (s) => !ONLY || s.target === null || s.name.includes(ONLY),
      );
      for (const scenario of rows) {
        figures.push(await measure(runtime.ctx, dataDir, scenario, clients));
      }
    }
    const text = render(figures, { ...facts, load });
    log(`\n${text}`);
    fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, "bench/results/search.json"),
      JSON.stringify({ facts, figures }, null, 2),
    );
    if (process.argv.includes("--record")) {
      recordReport(path.join(ROOT, "docs/benchmarks.md"), text, "search");
      log("Recorded in docs/benchmarks.md");
    }
  } finally {
    await runtime.close();
    if (!KEPT_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
