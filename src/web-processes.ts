import cluster, { type Worker as ClusterWorker } from "node:cluster";
import { logger } from "./log.ts";

const log = logger("main");

/** More restarts than this within RESTART_WINDOW_MS means something is wrong: give up. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export interface WebProcesses {
  /** Stops every web process (each finishes its requests first) and waits for them. */
  stop(): Promise<void>;
}

/**
 * Runs `count` web processes sharing one port (node:cluster), as
 * WEB_CONCURRENCY asks: one process uses one core, and an inbox POST or a
 * signed-in page is CPU-bound (docs/adr/0023-web-processes.md). Each child
 * runs this same program as `OUTLOUD_ROLE=web` with `env` (the database this
 * process opened); a child that dies is replaced, unless they keep dying,
 * when `onGiveUp` is called.
 */
export function startWebProcesses(
  count: number,
  env: Record<string, string>,
  onGiveUp: () => void,
): WebProcesses {
  let stopping = false;
  const restarts: number[] = [];
  // The kernel hands each connection to a process that accepts it: with Node's default
  // round-robin, the parent accepts and passes connections on, and one passed to a child
  // that just died hangs until the client gives up.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const fork = () => cluster.fork({ ...env, OUTLOUD_ROLE: "web", WEB_CONCURRENCY: "1" });
  cluster.on("exit", (child: ClusterWorker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    restarts.push(now);
    while ((restarts[0] ?? now) < now - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log.fatal("Web processes keep exiting ({code}); stopping", { code: code ?? signal });
      onGiveUp();
      return;
    }
    log.error("Web process {pid} exited ({code}); starting another", {
      pid: child.process.pid,
      code: code ?? signal,
    });
    fork();
  });
  // Said once a child has the port: until then a connection is refused if it is the only one.
  cluster.on("listening", (child: ClusterWorker) => {
    log.info("Web process {pid} is listening", { pid: child.process.pid });
  });
  for (let i = 0; i < count; i++) fork();
  return {
    async stop() {
      stopping = true;
      const children = Object.values(cluster.workers ?? {}).filter(
        (child): child is ClusterWorker => child !== undefined,
      );
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.isDead()) return resolve();
              child.once("exit", () => resolve());
              child.process.kill("SIGTERM");
            }),
        ),
      );
    },
  };
}

/** Whether this process should supervise web processes rather than serve itself. */
export const supervisesWebProcesses = (webConcurrency: number, role: string) =>
  cluster.isPrimary && webConcurrency > 1 && role !== "worker";
