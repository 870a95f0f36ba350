import type { Memory } from "./processes.ts";
import { markdownTable } from "./report.ts";

/** The targets of issue 5. */
export const TARGETS = {
  inboxPerSecond: 500,
  inboxP95Ms: 20,
  publishMs: 50,
  deliveredMs: 10_000,
};

export interface FanoutRun {
  followers: number;
  servers: number;
  live: number;
  /** The publish request (form POST to its 303), in ms. */
  publishMs: number;
  /** The first stage: the one delivery job, from queued to done (all per-inbox messages written). */
  expansionMs: number | null;
  /** From the publish request to the last live server receiving it; null when not all did. */
  deliveredMs: number | null;
  reached: number;
}

export interface FederationReport {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string };
  /** 1-minute load average of the machine when the run started and ended (others' work included). */
  load: { start: number; end: number };
  workers: number;
  /** Web processes serving the port (WEB_CONCURRENCY; older reports: 1). */
  webProcesses?: number;
  inbox: {
    activities: number;
    concurrency: number;
    /** Accounts the activities came from, in turn (older reports: 1). */
    senders?: number;
    accepted: number;
    failed: number;
    acceptedPerSecond: number;
    processedPerSecond: number;
    stored: number;
    p50: number;
    p95: number;
    p99: number;
    /** One connection, one request at a time. */
    singleP50: number;
    singleP95: number;
    singleCount: number;
    /** The target rate offered steadily, open loop (older reports: absent). */
    atRate?: {
      perSecond: number;
      sent: number;
      accepted: number;
      p50: number;
      p95: number;
      p99: number;
    };
    /** CPU ms per stored post under load, by process group (older reports: absent). */
    cpuMsPerPost?: { web: number; workers: number; postgres: number; loadGenerator: number };
  };
  fanouts: FanoutRun[];
  duplicates: number;
  memory: { before: Memory; after: Memory };
  totalSeconds: number;
}

const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = (sorted.length - 1) / 2;
  if (sorted.length === 0) return Number.NaN;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
};
const fixed = (value: number | null, digits = 1) => (value === null ? "—" : value.toFixed(digits));

/** The figures as a Markdown section (printed, and recorded in docs/benchmarks.md). */
export function renderFederationReport(report: FederationReport): string {
  const { inbox, machine } = report;
  const sizes = [...new Set(report.fanouts.map((run) => run.followers))].sort((x, y) => x - y);
  const bySize = sizes.map((followers) => {
    const runs = report.fanouts.filter((run) => run.followers === followers);
    const delivered = runs.map((run) => run.deliveredMs);
    return {
      followers,
      servers: runs[0]?.servers ?? 0,
      live: runs[0]?.live ?? 0,
      publishMs: median(runs.map((run) => run.publishMs)),
      expansionMs: median(
        runs.flatMap((run) => (run.expansionMs === null ? [] : [run.expansionMs])),
      ),
      deliveredMs: delivered.includes(null) ? null : median(delivered as number[]),
      runs: runs.length,
    };
  });
  const smallest = bySize[0];
  const largest = bySize.at(-1);
  const ratio = smallest && largest ? largest.publishMs / smallest.publishMs : Number.NaN;
  const table = markdownTable(
    ["followers", "servers (live)", "runs", "publish ms", "expansion ms", "all live reached s"],
    bySize.map((row) => [
      row.followers.toLocaleString("en"),
      `${row.servers.toLocaleString("en")} (${row.live.toLocaleString("en")})`,
      String(row.runs),
      fixed(row.publishMs),
      fixed(row.expansionMs, 0),
      row.deliveredMs === null ? "not all" : (row.deliveredMs / 1000).toFixed(2),
    ]),
    [true, true, true, true, true, true],
  );
  const mem = report.memory;
  const growth = mem.after.rssMb - mem.before.rssMb;
  return [
    `### ${report.date.slice(0, 10)}: ${machine.cpus} CPUs, Node ${machine.node}`,
    "",
    `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs; run at ${report.date}. ${report.webProcesses ?? 1} web process(es) (\`OUTLOUD_ROLE=web\`, \`WEB_CONCURRENCY=${report.webProcesses ?? 1}\`) and ${report.workers} worker process(es) (\`OUTLOUD_ROLE=worker\`) on one embedded PostgreSQL; the load generator, the simulated servers and PostgreSQL share the machine, whose 1-minute load average was ${report.load.start.toFixed(1)} when the run started and ${report.load.end.toFixed(1)} when it ended (above ${machine.cpus}, other work was competing for the CPUs).`,
    "",
    `**Inbox**: ${inbox.activities.toLocaleString("en")} signed \`Create(Note)\` activities (draft-cavage RSA signatures, signed beforehand) posted to the shared inbox over ${inbox.concurrency} keep-alive connections, ${(inbox.senders ?? 1) === 1 ? "from an account a member follows" : `from ${inbox.senders} accounts a member follows, in turn`} (so each is stored).`,
    "",
    `- ${verdict(inbox.acceptedPerSecond >= TARGETS.inboxPerSecond)} ${inbox.acceptedPerSecond.toFixed(0)} accepted (202) per second (target ≥ ${TARGETS.inboxPerSecond}); ${inbox.failed} not accepted`,
    ...(inbox.atRate
      ? [
          `- ${verdict(inbox.atRate.p95 < TARGETS.inboxP95Ms && inbox.atRate.accepted === inbox.atRate.sent)} p95 time to 202 at ${inbox.atRate.perSecond} a second: ${inbox.atRate.p95.toFixed(1)} ms (target < ${TARGETS.inboxP95Ms} ms); p50 ${inbox.atRate.p50.toFixed(1)} ms, p99 ${inbox.atRate.p99.toFixed(1)} ms; ${inbox.atRate.sent.toLocaleString("en")} more activities sent each at its scheduled moment whether or not earlier ones were answered (an open loop), timed from that moment; ${inbox.atRate.accepted.toLocaleString("en")} accepted`,
          `- at the most it accepts (each of the ${inbox.concurrency} connections sending as soon as it is answered, so requests queue by design): p50 ${inbox.p50.toFixed(1)} ms, p95 ${inbox.p95.toFixed(1)} ms, p99 ${inbox.p99.toFixed(1)} ms to 202`,
        ]
      : [
          `- ${verdict(inbox.p95 < TARGETS.inboxP95Ms)} p95 time to 202: ${inbox.p95.toFixed(1)} ms (target < ${TARGETS.inboxP95Ms} ms); p50 ${inbox.p50.toFixed(1)} ms, p99 ${inbox.p99.toFixed(1)} ms`,
        ]),
    ...(inbox.cpuMsPerPost
      ? [
          `- CPU per stored post under load: web ${inbox.cpuMsPerPost.web.toFixed(2)} ms, workers ${inbox.cpuMsPerPost.workers.toFixed(2)} ms, PostgreSQL ${inbox.cpuMsPerPost.postgres.toFixed(2)} ms, load generator ${inbox.cpuMsPerPost.loadGenerator.toFixed(2)} ms`,
        ]
      : []),
    `- one request at a time (${inbox.singleCount} more): p50 ${inbox.singleP50.toFixed(1)} ms, p95 ${inbox.singleP95.toFixed(1)} ms to 202`,
    `- ${verdict(inbox.processedPerSecond >= TARGETS.inboxPerSecond)} ${inbox.processedPerSecond.toFixed(0)} processed per second, from the first post until the worker stored the last (${inbox.stored.toLocaleString("en")} posts stored)`,
    "",
    `**Fan-out**: one public entry published through the composer (a form POST) to remote followers spread evenly over simulated servers on loopback (one port each; 5 % dead: half answer 500, half refuse connections). Medians of the runs.`,
    "",
    ...table,
    "",
    `- ${verdict((largest?.publishMs ?? Number.POSITIVE_INFINITY) < TARGETS.publishMs)} publish request at ${largest?.followers.toLocaleString("en")} followers: ${fixed(largest?.publishMs ?? null)} ms (target < ${TARGETS.publishMs} ms)`,
    `- ${verdict(ratio < 2)} independent of follower count: ${ratio.toFixed(2)} × the time at ${smallest?.followers} followers`,
    `- ${verdict(largest?.deliveredMs != null && largest.deliveredMs < TARGETS.deliveredMs)} every live server reached in ${largest?.deliveredMs == null ? "—" : `${(largest.deliveredMs / 1000).toFixed(2)} s`} (target < ${TARGETS.deliveredMs / 1000} s)`,
    `- ${report.duplicates} duplicate deliveries to a live server`,
    "",
    `Memory (web + workers, RSS): ${mem.before.rssMb} MB before the fan-outs, ${mem.after.rssMb} MB after (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB).`,
    "",
    `Whole benchmark: ${report.totalSeconds} s.`,
  ].join("\n");
}
