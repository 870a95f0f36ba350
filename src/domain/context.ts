import type { Logger } from "@logtape/logtape";
import type { Config } from "../config.ts";
import type { Db, Executor, Tx } from "../db/client.ts";
import { announceChange, type ChangeFeed } from "./changes.ts";

/** What every domain operation receives first. */
export interface Ctx {
  /** The connection pool, or the open transaction inside `transactional`. */
  readonly db: Executor;
  readonly config: Config;
  /** The clock: tests may pass a fixed one. */
  now(): Date;
  readonly log: Logger;
  /** Announces committed writes to caches (absent: nobody listens). */
  readonly changes?: ChangeFeed;
}

/** A context inside one transaction; effects wait for its commit. */
export interface TxCtx extends Ctx {
  readonly db: Tx;
  /** Runs `effect` after the transaction commits (never if it rolls back). */
  afterCommit(effect: () => unknown): void;
}

/** Whether `ctx` is inside a transaction already (`transactional` joins it). */
export function inTransaction(ctx: Ctx): ctx is TxCtx {
  return "afterCommit" in ctx;
}

/**
 * Runs `operation` in one transaction. Called inside another operation it
 * joins that transaction, so state and queued work commit together.
 */
export async function transactional<T>(ctx: Ctx, operation: (tx: TxCtx) => Promise<T>): Promise<T> {
  if (inTransaction(ctx)) return operation(ctx);
  const effects: (() => unknown)[] = [];
  const result = await (ctx.db as Db).transaction(async (tx) => {
    // Every write tells every process's caches, at commit and only then. First, so
    // the database's triggers know which process writes (domain/changes.ts).
    if (ctx.changes) await announceChange(tx, ctx.changes.origin);
    return operation({
      ...ctx,
      db: tx,
      afterCommit: (effect) => effects.push(effect),
    });
  });
  ctx.changes?.committed();
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      ctx.log.error("An after-commit effect failed: {error}", { error });
    }
  }
  return result;
}
