import fs from "node:fs";
import type { Config } from "./config.ts";
import { type OpenDatabase, openDatabase } from "./db/open.ts";
import { CHANGES_CHANNEL, localChangeFeed } from "./domain/changes.ts";
import type { Ctx } from "./domain/context.ts";
import { jobHandlers } from "./domain/jobs.ts";
import { scheduleMediaSweep } from "./domain/media/index.ts";
import { federationJobHandlers } from "./federation/jobs.ts";
import { drainJobs, startWorker, type Worker } from "./jobs/queue.ts";
import { logger } from "./log.ts";

/**
 * Federation jobs run at once per worker, leased in groups
 * (docs/adr/0020-federation-lanes-lease-in-groups.md). Received activities
 * running side by side share their statements (ADR 0029): more lanes make
 * bigger batches, so one worker stores more posts a second than two with
 * half as many lanes each, on less CPU.
 */
const FEDERATION_LANES = 48;

/**
 * The composition root: the one place that connects the database and builds
 * the domain context. The server, the worker, the CLI and tests start here.
 */
export interface Runtime {
  config: Config;
  ctx: Ctx;
  database: OpenDatabase;
  startWorker(): Promise<Worker>;
  /** Runs every due job now (tests, CLI). */
  drainJobs(): Promise<number>;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  options: { migrate?: boolean; now?: () => Date } = {},
): Promise<Runtime> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase(config, { migrate: options.migrate });
  // Writes in other processes, and writes anywhere outside `transactional` (announced by the
  // database's triggers as DATABASE_ORIGIN), reach this one's caches through NOTIFY.
  const changes = localChangeFeed();
  const listening = await database.sql.listen(CHANGES_CHANNEL, (origin) => {
    // This process's own `transactional` writes already told its listeners at commit.
    if (origin !== changes.origin) changes.emit();
  });
  const ctx: Ctx = {
    db: database.db,
    config,
    now: options.now ?? (() => new Date()),
    log: logger("domain"),
    changes,
  };
  // The federation layer's handlers turn queued domain work into activities.
  const handlers = { ...jobHandlers(ctx), ...federationJobHandlers(ctx) };
  const jobLog = logger("jobs");
  return {
    config,
    ctx,
    database,
    async startWorker() {
      // Recurring jobs queue their next run themselves; a starting worker makes sure one is queued.
      await scheduleMediaSweep(ctx);
      return startWorker({
        db: database.db,
        sql: database.sql,
        handlers,
        log: jobLog,
        // Deliveries and received activities wait on other servers: several at once.
        lanes: { kindPrefix: "federation", count: FEDERATION_LANES },
      });
    },
    drainJobs: () => drainJobs(database.db, handlers, jobLog),
    async close() {
      await listening.unlisten();
      await database.close();
    },
  };
}

/** Reads a .env file beside the project, when there is one, into process.env. */
export function loadDotEnv(file = ".env"): void {
  if (fs.existsSync(file)) process.loadEnvFile(file);
}
