import type { Config } from "../config.ts";
import { connect, type DbHandle } from "./client.ts";
import { startEmbedded } from "./embedded.ts";
import { runMigrations } from "./migrate.ts";

export interface OpenDatabase extends DbHandle {
  /** The connection string in use (the embedded server's when DATABASE_URL is unset). */
  url: string;
}

/**
 * Connects to DATABASE_URL or, without it, to the embedded PostgreSQL under
 * DATA_DIR (starting it when no other Outloud process has). Closing also stops
 * an embedded server this call started.
 */
export async function openDatabase(
  config: Config,
  options: { migrate?: boolean; max?: number } = {},
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbedded(config.dataDir, { sharedBuffersMb: config.pgSharedBuffersMb });
  const url = config.databaseUrl ?? embedded!.url;
  // A worker's jobs are run again if a crash loses their last commits (config.ts).
  const asyncCommit = config.role === "worker" && config.workerAsyncCommit;
  const handle = connect(url, { max: options.max, asyncCommit });
  try {
    if (options.migrate ?? true) await runMigrations(handle.db);
  } catch (error) {
    await handle.close();
    await embedded?.stop();
    throw error;
  }
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await embedded?.stop();
    },
  };
}
