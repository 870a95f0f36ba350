import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { connect, type DbHandle } from "../src/db/client.ts";
import type { Ctx } from "../src/domain/context.ts";
import { searchEntries } from "../src/domain/search/index.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Searches plan their statements for their values (src/domain/custom-plans.ts):
 * a plan PostgreSQL keeps, made without the words or the viewer, walked every
 * entry for some words. The page's views, read by id, may keep theirs.
 */
describe("custom plans for search", () => {
  let runtime: TestRuntime;
  let single: DbHandle;
  let ctx: Ctx;
  before(async () => {
    runtime = await startTestRuntime();
    // One connection, so every search prepares its statements on it and its counters tell.
    single = connect(runtime.database.url, { max: 1 });
    ctx = { ...runtime.ctx, db: single.db };
    const ann = await makeMember(runtime.ctx, "ann");
    for (let i = 0; i < 30; i++) await post(runtime, ann, `Team notes ${i}`);
  });
  after(async () => {
    await single.close();
    await runtime.close();
  });

  it("plans the matching statements each time, and lets the views keep a plan", async () => {
    for (let i = 0; i < 10; i++) {
      const results = await searchEntries(ctx, ANONYMOUS, { q: "team", limit: 5 });
      assert.equal(results.hits.length, 5);
    }
    const statements = await single.sql<
      { statement: string; generic: number; custom: number }[]
    >`select statement, generic_plans::int as generic, custom_plans::int as custom
      from pg_prepared_statements`;
    const matching = statements.filter((s) => s.statement.includes('"search" @@'));
    assert.ok(matching.length > 0, "the search prepared its matching statements");
    for (const s of matching) {
      assert.equal(s.generic, 0, `never a kept plan: ${s.statement.slice(0, 80)}`);
      assert.ok(s.custom >= 10, "planned for each search");
    }
    const views = statements.filter((s) => s.statement.includes('"entries"."id" = any('));
    assert.ok(views.length > 0, "the views were read by id");
    assert.ok(
      views.some((s) => s.generic > 0),
      "the views' statements kept a plan once PostgreSQL found it as good",
    );
    const [setting] = await single.sql<{ mode: string }[]>`
      select current_setting('plan_cache_mode') as mode`;
    assert.equal(setting?.mode, "auto", "the setting ended with the transaction");
  });
});
