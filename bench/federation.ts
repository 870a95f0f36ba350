// `npm run bench:federation`: (a) how many signed Create(Note) activities
// per second a shared inbox accepts (202) and processes, and the p95 time to
// 202 when they arrive steadily at the target rate;
// (b) one entry fanned out to 10,000 remote followers on 2,000 simulated
// servers (5 % dead): time of the publish request (at 100 and at 10,000
// followers), time until every live server has it, memory growth. A web
// process and separate worker process(es) share one embedded PostgreSQL, as
// `OUTLOUD_ROLE=web` / `worker` would run them. Not a test: it prints figures
// and PASS/MISS against the targets; `-- --record` writes them into
// docs/benchmarks.md. Smaller runs: BENCH_FOLLOWERS, BENCH_SERVERS,
// BENCH_INBOX_ACTIVITIES, BENCH_INBOX_CONCURRENCY, BENCH_INBOX_PACED, BENCH_INBOX_SENDERS (accounts the
// activities come from, in turn; 1 by default), BENCH_PUBLISHES, BENCH_WORKERS.
import fs from "node:fs";
import os from "node:os";
import { openRuntime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { freePort } from "../src/db/embedded.ts";
import { createMember } from "../src/domain/accounts/members.ts";
import { createSession } from "../src/domain/accounts/sessions.ts";
import { acceptFollow, storeRemoteActor } from "../src/domain/federation/index.ts";
import { type FakeActor, FakeRemote } from "../test/helpers/fake-remote.ts";
import { spawnWorkerProcess, type WorkerProcess } from "../test/helpers/federation-faults.ts";
import {
  freshDataDir,
  outloudChildren,
  ROOT,
  spawnServer,
  stopServer,
} from "../test/helpers/server.ts";
import { publish, seedRemoteFollowers, until } from "./federation-fanout.ts";
import { percentile, postAll, postAtRate, signedCreates } from "./federation-inbox.ts";
import { startSimulatedServers } from "./federation-receivers.ts";
import {
  type FanoutRun,
  type FederationReport,
  renderFederationReport,
  TARGETS,
} from "./federation-report.ts";
import { cpuSecondsOf, memoryOf, postgresPids } from "./processes.ts";
import { runCleanups, saveResults } from "./report.ts";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZE = {
  inboxActivities: num("BENCH_INBOX_ACTIVITIES", 3_000),
  inboxConcurrency: num("BENCH_INBOX_CONCURRENCY", 16),
  /** Activities sent steadily at the target rate (12 s of it by default). */
  inboxPaced: num("BENCH_INBOX_PACED", 6_000),
  /** Accounts the activities come from, in turn (each followed by a member). */
  inboxSenders: Math.max(1, num("BENCH_INBOX_SENDERS", 1)),
  followers: num("BENCH_FOLLOWERS", 10_000),
  servers: num("BENCH_SERVERS", 2_000),
  smallFollowers: 100,
  publishes: num("BENCH_PUBLISHES", 3),
  /** One on two cores: a second worker process only adds contention (docs/benchmarks.md). */
  workers: num("BENCH_WORKERS", 1),
  webProcesses: num("BENCH_WEB_PROCESSES", 2),
  deadShare: 0.05,
};
/** Activities posted one at a time after the load (unloaded latency). */
const SINGLE_ACTIVITIES = 200;
/** How long to wait for a fan-out before calling it unfinished. */
const FANOUT_LIMIT_MS = 120_000;

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const dataDir = freshDataDir("outloud-bench-fed-");
  const cleanups: (() => unknown)[] = [() => fs.rmSync(dataDir, { recursive: true, force: true })];
  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const env = {
      DATA_DIR: dataDir,
      PUBLIC_URL: origin,
      FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
      LOG_LEVEL: "warning",
    };
    const runtime = await openRuntime(loadConfig(env));
    cleanups.push(() => runtime.close());
    const { ctx } = runtime;
    const sql = runtime.database.sql;
    const member = (handle: string) =>
      createMember(ctx, {
        handle,
        email: `${handle}@example.org`,
        password: "correct horse battery",
        displayName: handle,
      });
    const [reader, small, large] = [
      await member("reader"),
      await member("small"),
      await member("large"),
    ];

    // The server first: the simulated servers' ports are picked after its port is taken.
    const server = await spawnServer({
      ...env,
      DATABASE_URL: runtime.database.url,
      PORT: String(port),
      OUTLOUD_ROLE: "web",
      WEB_CONCURRENCY: String(SIZE.webProcesses),
    });
    cleanups.push(() => server.child.kill("SIGKILL"));
    const workers: WorkerProcess[] = [];
    for (let i = 0; i < SIZE.workers; i++) {
      const worker = spawnWorkerProcess({ ...env, DATABASE_URL: runtime.database.url });
      workers.push(worker);
      cleanups.push(() => worker.kill());
    }
    log(`Seeding ${SIZE.followers} remote followers on ${SIZE.servers} simulated servers…`);
    const receivers = await startSimulatedServers(SIZE.servers, SIZE.deadShare);
    cleanups.push(() => receivers.close());
    const smallServerCount = Math.max(
      1,
      Math.round((SIZE.smallFollowers * SIZE.servers) / SIZE.followers),
    );
    const smallServers = receivers.servers.slice(0, smallServerCount);
    await seedRemoteFollowers(sql, large.actorId, receivers.servers, SIZE.followers, "lf");
    await seedRemoteFollowers(sql, small.actorId, smallServers, SIZE.smallFollowers, "sf");

    // The inbox's senders: remote accounts a local member follows (so their posts are kept).
    const remote = await FakeRemote.start();
    cleanups.push(() => remote.close());
    const senders: { actor: FakeActor; id: string }[] = [];
    for (let i = 0; i < SIZE.inboxSenders; i++) {
      const handle = i === 0 ? "sender" : `sender${i}`;
      const actor = await remote.actor(handle);
      const id = await storeRemoteActor(ctx, {
        uri: actor.id,
        handle,
        host: remote.host,
        displayName: `Sender ${i}`,
        bioHtml: "",
        inboxUrl: actor.inbox,
        sharedInboxUrl: `${remote.origin}/inbox`,
        url: null,
      });
      await acceptFollow(ctx, reader.actorId, id);
      senders.push({ actor, id });
    }
    const sender = senders[0]!.actor;

    const webPids = () => [server.pid, ...outloudChildren(server.pid)];
    const workerPids = () => workers.map((w) => w.child.pid ?? 0);
    const pids = () => [...webPids(), ...workerPids()];
    // Each process's RSS, to see which grows from one fan-out to the next.
    const rssEach = (list: number[]) => list.map((pid) => memoryOf([pid]).rssMb).join(" / ");
    const queueIdle = async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from jobs
        where kind like 'federation%' and ((state = 'pending' and run_at <= now()) or state = 'running')`;
      return row?.n === 0;
    };
    const waitIdle = async () => {
      while (!(await queueIdle())) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    // (a) The inbox, on a settled database (the seeding wrote 10,000 followers).
    await sql`vacuum analyze`;
    const inbox = `${origin}/inbox`;
    await postAll(await signedCreates(remote, sender, inbox, 20, "warm"), 4);
    await waitIdle();
    // `count` activities, each sender's share interleaved: sender 0, 1, 2, … 0, 1, 2, …
    const fromEverySender = async (count: number, tag: string) => {
      const share = Math.ceil(count / senders.length);
      const shares = await Promise.all(
        senders.map(({ actor }) => signedCreates(remote, actor, inbox, share, tag)),
      );
      return Array.from(
        { length: count },
        (_, i) => shares[i % senders.length]![Math.floor(i / senders.length)]!,
      );
    };
    log(`Signing ${SIZE.inboxActivities} Create(Note) activities…`);
    const posts = await fromEverySender(SIZE.inboxActivities, "run");
    log(`Posting them to ${inbox} over ${SIZE.inboxConcurrency} connections…`);
    // CPU per process group from the first post until the queue is idle again.
    const cpuNow = () => ({
      web: cpuSecondsOf(webPids()),
      workers: cpuSecondsOf(workerPids()),
      postgres: cpuSecondsOf(postgresPids(dataDir)),
      loadGenerator: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
    });
    const cpuBefore = cpuNow();
    const loadStarted = performance.now();
    const load = await postAll(posts, SIZE.inboxConcurrency);
    await waitIdle();
    const processedMs = performance.now() - loadStarted;
    const cpuAfter = cpuNow();
    // The same path one request at a time: the time to 202 without queueing behind others.
    const single = await postAll(
      await signedCreates(remote, sender, inbox, SINGLE_ACTIVITIES, "single"),
      1,
    );
    await waitIdle();
    // The target rate, offered steadily (open loop): the time to 202 when 500 a second arrive.
    const paced = await fromEverySender(SIZE.inboxPaced, "paced");
    log(`Posting ${SIZE.inboxPaced} more at ${TARGETS.inboxPerSecond} a second…`);
    const atRate = await postAtRate(paced, TARGETS.inboxPerSecond);
    await waitIdle();
    const [stored] = await sql<{ n: number }[]>`select count(*)::int as n from remote_posts
      where author_id = any(${senders.map((s) => s.id)}::uuid[]) and uri like ${"%/notes/run-%"}`;
    const inboxResult = {
      activities: SIZE.inboxActivities,
      concurrency: SIZE.inboxConcurrency,
      senders: senders.length,
      accepted: load.accepted,
      failed: load.failed,
      acceptedPerSecond: load.accepted / (load.wallMs / 1000),
      processedPerSecond: (stored?.n ?? 0) / (processedMs / 1000),
      stored: stored?.n ?? 0,
      p50: percentile(load.latencies, 50),
      p95: percentile(load.latencies, 95),
      p99: percentile(load.latencies, 99),
      singleP50: percentile(single.latencies, 50),
      singleP95: percentile(single.latencies, 95),
      singleCount: single.latencies.length,
      atRate: {
        perSecond: TARGETS.inboxPerSecond,
        sent: atRate.latencies.length,
        accepted: atRate.accepted,
        p50: percentile(atRate.latencies, 50),
        p95: percentile(atRate.latencies, 95),
        p99: percentile(atRate.latencies, 99),
      },
      cpuMsPerPost: {
        web: ((cpuAfter.web - cpuBefore.web) * 1000) / Math.max(1, stored?.n ?? 0),
        workers: ((cpuAfter.workers - cpuBefore.workers) * 1000) / Math.max(1, stored?.n ?? 0),
        postgres: ((cpuAfter.postgres - cpuBefore.postgres) * 1000) / Math.max(1, stored?.n ?? 0),
        loadGenerator:
          ((cpuAfter.loadGenerator - cpuBefore.loadGenerator) * 1000) / Math.max(1, stored?.n ?? 0),
      },
    };
    log(
      `  ${inboxResult.acceptedPerSecond.toFixed(0)} accepted/s, ${inboxResult.processedPerSecond.toFixed(0)} processed/s, p95 ${inboxResult.p95.toFixed(1)} ms; at ${TARGETS.inboxPerSecond}/s: p95 ${inboxResult.atRate.p95.toFixed(1)} ms`,
    );

    // (b) The fan-out, on a settled database: without this, autovacuum cleaned up
    // after the inbox's 9,000 jobs and posts during the fan-outs and doubled their time.
    await sql`vacuum analyze`;
    // (b) The fan-out.
    const fanouts: FanoutRun[] = [];
    const memoryBefore = memoryOf(pids());
    for (const [who, followers, servers, session] of [
      [small, SIZE.smallFollowers, smallServers, await createSession(ctx, small.userId)],
      [large, SIZE.followers, receivers.servers, await createSession(ctx, large.userId)],
    ] as const) {
      const live = servers.filter((s) => s.live).length;
      for (let i = 0; i < SIZE.publishes; i++) {
        await waitIdle();
        const started = performance.now();
        const published = await publish(
          { url: origin, session: `outloud_session=${session}` },
          `Fan-out run ${i + 1} to ${followers} followers: what I shipped this week.`,
        );
        const activityId = `${published.entryUrl}#create`;
        const deliveredMs = await until(
          () => receivers.reachedBy(activityId) >= live,
          started,
          FANOUT_LIMIT_MS,
        );
        const [expansion] = await sql<{ ms: number }[]>`
          select (extract(epoch from finished_at - created_at) * 1000)::float8 as ms from jobs
          where kind = 'federation-deliver-entry' and payload->>'authorId' = ${who.actorId}
          order by created_at desc limit 1`;
        const run: FanoutRun = {
          followers,
          servers: servers.length,
          live,
          publishMs: published.ms,
          expansionMs: expansion?.ms ?? null,
          deliveredMs,
          reached: receivers.reachedBy(activityId),
        };
        fanouts.push(run);
        log(
          `  ${followers} followers: publish ${run.publishMs.toFixed(1)} ms, all ${live} live servers ${deliveredMs === null ? `not reached (${run.reached})` : `in ${(deliveredMs / 1000).toFixed(2)} s`}; RSS MB: web ${rssEach(webPids())}, workers ${rssEach(workerPids())}`,
        );
      }
    }
    const memoryAfter = memoryOf(pids());

    const report: FederationReport = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
        node: process.version,
      },
      load: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
      workers: SIZE.workers,
      webProcesses: SIZE.webProcesses,
      inbox: inboxResult,
      fanouts,
      duplicates: receivers.duplicates(),
      memory: { before: memoryBefore, after: memoryAfter },
      totalSeconds: Math.round((performance.now() - benchStarted) / 1000),
    };
    await Promise.all(workers.map((w) => w.kill()));
    await stopServer(server, "SIGTERM");
    const text = renderFederationReport(report);
    log(`\n${text}`);
    saveResults(ROOT, "federation", report, text);
  } finally {
    await runCleanups(cleanups);
  }
}

await main();
