import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";

/** The channel every committed write is announced on, to every process. */
export const CHANGES_CHANNEL = "outloud_changes";

/**
 * The payload of announcements made by the database's triggers (migration
 * `0006_announce_changes`) for writes outside `transactional`: no process
 * announced them itself, so every process, the writer's too, must act on them.
 */
export const DATABASE_ORIGIN = "database";

/**
 * Tells readers that data changed: caches of what visitors see subscribe to
 * it. A write through `transactional` announces itself twice: in its own
 * process right after commit (no delay for the request that follows), and to
 * every other process by a NOTIFY that PostgreSQL delivers at commit. Any
 * other write to a table that changes what someone sees is announced by the
 * database's triggers, to every process (payload `DATABASE_ORIGIN`).
 */
export interface ChangeFeed {
  /** This process's name in announcements, so it can skip its own echo. */
  readonly origin: string;
  /** Called by `transactional` after each commit. */
  committed(): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: () => void): () => void;
}

/**
 * Queues the cross-process announcement inside the writing transaction (sent
 * at commit, dropped on rollback), and names this process as the writer for
 * the triggers: their notifications then carry the same payload, which
 * PostgreSQL folds into this one, and the writer skips its echo.
 */
export async function announceChange(db: Executor, origin: string): Promise<void> {
  await db.execute(sql`select set_config('outloud.origin', ${origin}, true),
    pg_notify(${CHANGES_CHANNEL}, ${origin})`);
}

/** A feed whose listeners run in this process; `boot.ts` joins it to NOTIFY. */
export function localChangeFeed(): ChangeFeed & { emit(): void } {
  const origin = randomUUID();
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    origin,
    committed: emit,
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
