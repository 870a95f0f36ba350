import fs from "node:fs";
import type { Result as AutocannonResult } from "autocannon";
import type { Memory } from "./processes.ts";

export interface Run {
  name: string;
  path: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One autocannon result as a row of a report, printed as it is measured. */
export function runOf(name: string, path: string, result: AutocannonResult): Run {
  const run: Run = {
    name,
    path,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
  process.stdout.write(
    `  ${name.padEnd(20)} ${run.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms${run.errors ? `  (${run.errors} errors)` : ""}\n`,
  );
  return run;
}

export interface Report {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  size: { members: number; entries: number };
  seedMs: number;
  connections: number;
  seconds: number;
  runs: Run[];
  /** RSS of the server process right after the load runs. */
  loadedServerMb: number;
  idle: { server: Memory; postgres: Memory };
  startMs: { restart: number; firstEver: number };
  totalSeconds: number;
}

/** The targets of issue 2: profile ≥ 0.25 × hello world, p99 under 25 ms. */
export const TARGET_RATIO = 0.25;
export const TARGET_P99_MS = 25;

/** A Markdown table laid out as Biome formats it, so `npm run check` stays clean. */
export function markdownTable(header: string[], rows: string[][], right: boolean[]): string[] {
  const widths = header.map((cell, column) =>
    Math.max(3, cell.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    `| ${cells
      .map((cell, column) =>
        right[column] ? cell.padStart(widths[column] ?? 3) : cell.padEnd(widths[column] ?? 3),
      )
      .join(" | ")} |`;
  const rule = widths.map((width, column) =>
    right[column] ? `${"-".repeat(width - 1)}:` : "-".repeat(width),
  );
  return [line(header), line(rule), ...rows.map(line)];
}

function verdict(ok: boolean): string {
  return ok ? "PASS" : "MISS";
}

/** The figures as a Markdown section (printed, and recorded in docs/benchmarks.md). */
export function renderReport(report: Report): string {
  const hello = report.runs.find((run) => run.name === "hello world");
  const rows = report.runs.map((run) => {
    const ratio = hello ? run.requestsPerSecond / hello.requestsPerSecond : Number.NaN;
    return [
      run.name,
      `\`${run.path}\``,
      run.requestsPerSecond.toFixed(0),
      String(run.p50),
      String(run.p99),
      ratio.toFixed(3),
      String(run.errors),
    ];
  });
  const table = markdownTable(
    ["target", "path", "requests/s", "p50 ms", "p99 ms", "× hello world", "errors"],
    rows,
    [false, false, true, true, true, true, true],
  );
  const targets: string[] = [];
  for (const run of report.runs) {
    if (run.name === "hello world") continue;
    // The profile (issue 2) and the portfolio page (issue 4) share the ratio target.
    if ((run.name === "profile" || run.name === "portfolio") && hello) {
      const ratio = run.requestsPerSecond / hello.requestsPerSecond;
      targets.push(
        `- ${verdict(ratio >= TARGET_RATIO)} ${run.name} at ${ratio.toFixed(3)} × hello world (target ≥ ${TARGET_RATIO})`,
      );
    }
    targets.push(
      `- ${verdict(run.p99 < TARGET_P99_MS)} ${run.name} p99 ${run.p99} ms (target < ${TARGET_P99_MS} ms)`,
    );
  }
  if (!report.runs.some((run) => run.name === "profile")) {
    targets.push("- MISS the profile page did not answer 200, so it was not measured");
  }
  const { machine, idle } = report;
  return [
    `### ${report.date.slice(0, 10)}: ${machine.cpus} CPUs, Node ${machine.node}`,
    "",
    `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs (\`nproc\`), ${machine.memoryGb} GB, ${machine.platform}; Node ${machine.node}; run at ${report.date}.`,
    `Data: ${report.size.members.toLocaleString("en")} members, ${report.size.entries.toLocaleString("en")} entries (seeded in ${report.seedMs} ms). Load: autocannon, ${report.connections} connections, ${report.seconds} s per target, after a warm-up; server, PostgreSQL and autocannon share the machine.`,
    "",
    ...table,
    "",
    ...targets,
    "",
    `Idle memory (2 s after the first page of a fresh \`npm start\`): server ${idle.server.rssMb} MB RSS; PostgreSQL ${idle.postgres.rssMb} MB RSS summed over ${idle.postgres.processes} processes (${idle.postgres.pssMb} MB PSS, which counts shared memory once); together ${(idle.server.rssMb + idle.postgres.rssMb).toFixed(1)} MB RSS. Server after the load runs: ${report.loadedServerMb} MB RSS.`,
    "",
    `Start-up to the first page served: ${report.startMs.restart} ms on an existing data folder (embedded PostgreSQL start and migration check included), ${report.startMs.firstEver} ms on an empty one (initdb included).`,
    "",
    `Whole benchmark: ${report.totalSeconds} s.`,
  ].join("\n");
}

/** Replaces the recorded figures between the `bench:<name>` markers in the docs page. */
export function recordReport(file: string, section: string, name = "pages"): void {
  const START = `<!-- bench:${name}:start -->`;
  const END = `<!-- bench:${name}:end -->`;
  const text = fs.readFileSync(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no ${START} … ${END} markers`);
  fs.writeFileSync(file, `${text.slice(0, start + START.length)}\n${section}\n${text.slice(end)}`);
}

/**
 * What every bench does last: its figures go to bench/results/<name>.json and,
 * with `--record`, its Markdown section into docs/benchmarks.md.
 */
export function saveResults(root: string, name: string, data: unknown, text: string): void {
  fs.mkdirSync(`${root}/bench/results`, { recursive: true });
  fs.writeFileSync(`${root}/bench/results/${name}.json`, JSON.stringify(data, null, 2));
  if (process.argv.includes("--record")) {
    recordReport(`${root}/docs/benchmarks.md`, text, name);
    process.stdout.write("Recorded in docs/benchmarks.md\n");
  }
}

/** Undoes a bench's set-up in reverse order, whatever failed; each step may run twice. */
export async function runCleanups(cleanups: (() => unknown)[]): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch {}
  }
}
