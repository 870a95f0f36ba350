import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";

/** The channel every committed write is announced on, to every process. */
export const CHANGES_CHANNEL = "outloud_changes";

/**
 * Tells readers that data changed: caches of what visitors see subscribe to
 * it. A write announces itself twice: in its own process right after commit
 * (no delay for the request that follows), and to every other process by a
 * NOTIFY that PostgreSQL delivers at commit.
 */
export interface ChangeFeed {
  /** This process's name in announcements, so it can skip its own echo. */
  readonly origin: string;
  /** Called by `transactional` after each commit. */
  committed(): void;
  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: () => void): () => void;
}

/** Queues the cross-process announcement inside the writing transaction. */
export async function announceChange(db: Executor, origin: string): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${origin})`);
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
