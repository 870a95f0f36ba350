import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import type { Ctx } from "./context.ts";

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
 * values (`plan_cache_mode`, for this transaction only). It costs three
 * short round trips.
 */
export async function withCustomPlans<T>(ctx: Ctx, read: (ctx: Ctx) => Promise<T>): Promise<T> {
  if ("afterCommit" in ctx) return read(ctx);
  return (ctx.db as Db).transaction(
    async (tx) => {
      await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
      return read({ ...ctx, db: tx });
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
