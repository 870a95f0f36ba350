import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import type { Ctx } from "./context.ts";

/** What a read inside withCustomPlans may change about planning. */
export interface Planning {
  /**
   * From here on, let PostgreSQL keep its plans: for statements by id, whose
   * plans do not depend on their values, planning each time costs more than
   * running them. Sent beside the next statements (no round trip of its own).
   */
  keepPlans(): void;
}

/**
 * Runs reads in one read-only transaction: one snapshot, so they agree, and
 * — the reason it exists — statements PostgreSQL plans for their actual
 * values each time.
 *
 * On the pool, statements are prepared (db/client.ts), and after five runs
 * PostgreSQL may switch a prepared statement to a generic plan, made without
 * knowing its values. For search that plan is a disaster: a member's "team"
 * went from 35 ms to 600 ms on its sixth run at a million entries
 * (bench/search.ts). So is it for the API's tag timeline: planned without
 * the tag, every tag looks common, and a tag nobody used walks every entry
 * (6.7 s at a million entries, instead of 0.1 ms planned for that tag).
 * Inside this transaction PostgreSQL is told to plan every statement for its
 * values (`plan_cache_mode`, for this transaction only). The two settings go
 * in one write: with `begin` and `commit`, three round trips besides the reads.
 */
export async function withCustomPlans<T>(
  ctx: Ctx,
  read: (ctx: Ctx, planning: Planning) => Promise<T>,
): Promise<T> {
  if ("afterCommit" in ctx) return read(ctx, { keepPlans: () => {} });
  return (ctx.db as Db).transaction(async (tx) => {
    await Promise.all([
      tx.execute(sql`set transaction isolation level repeatable read, read only`),
      tx.execute(sql`set local plan_cache_mode = force_custom_plan`),
    ]);
    const pending: Promise<unknown>[] = [];
    const result = await read(
      { ...ctx, db: tx },
      {
        keepPlans: () => {
          // Should it arrive after a statement sent beside it, that one is just planned again.
          // (`then` once: a drizzle query runs again on each `then`.)
          const setting = tx.execute(sql`set local plan_cache_mode = auto`).then(() => {});
          setting.catch(() => {});
          pending.push(setting);
        },
      },
    );
    await Promise.all(pending);
    return result;
  });
}
