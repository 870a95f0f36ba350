import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../src/db/schema/index.ts";
import { matchingPeople } from "../src/domain/search/people.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** People named like the words searched for: members here only, through their trigram index. */

describe("search: people named like the words", () => {
  let runtime: TestRuntime;
  const statements: { query: string; params: unknown[] }[] = [];
  const people = async (words: string[]) => {
    const ctx = {
      ...runtime.ctx,
      db: drizzle(runtime.database.sql, {
        schema,
        logger: {
          logQuery: (query: string, params: unknown[]) => statements.push({ query, params }),
        },
      }),
    } as typeof runtime.ctx;
    return (await matchingPeople(ctx, words)).map((person) => person.handle);
  };

  before(async () => {
    runtime = await startTestRuntime();
    const sql = runtime.database.sql;
    // 1,000 members and 500 accounts elsewhere: a table small enough that
    // PostgreSQL would rather read it whole than use two trigram indexes.
    await sql`
      insert into actors (id, handle, display_name)
      select md5('actor' || i)::uuid, 'member' || i,
        case when i = 7 then 'Onboarding Olga' else 'Member ' || i end
      from generate_series(1, 1000) as i`;
    await sql`
      insert into users (id, actor_id, email, password_hash)
      select md5('user' || i)::uuid, md5('actor' || i)::uuid, 'member' || i || '@example.org', 'x'
      from generate_series(1, 1000) as i`;
    await sql`
      insert into actors (id, handle, host, display_name, uri, inbox_url)
      select md5('remote' || i)::uuid, 'onboarding' || i, 'remote.example', 'Onboarding bot',
        'https://remote.example/users/' || i, 'https://remote.example/users/' || i || '/inbox'
      from generate_series(1, 500) as i`;
    // As autovacuum leaves it: the index's pending entries merged (GIN fastupdate).
    await sql`vacuum analyze actors`;
  });
  after(() => runtime.close());

  it("finds members by name or handle, never accounts elsewhere", async () => {
    assert.deepEqual(await people(["onboarding"]), ["member7"]);
    assert.deepEqual(await people(["Olga", "ONBOARDING"]), ["member7"], "every word, any case");
    const handles = await people(["member42"]);
    assert.equal(handles[0], "member42", "the exact handle first");
    assert.deepEqual(handles.slice(1).sort(), [
      "member420",
      "member421",
      "member422",
      "member423",
      "member424",
    ]);
    assert.deepEqual(await people(["100%"]), [], "wildcards are taken literally");
  });

  it("looks the words up in the members' trigram index", async () => {
    statements.length = 0;
    await people(["onboarding"]);
    const [statement] = statements;
    assert.ok(statement);
    const [plan] = await runtime.database.sql.unsafe(
      `explain (format json) ${statement.query}`,
      statement.params as string[],
    );
    assert.match(JSON.stringify(plan), /actors_local_names_trgm_idx/);
  });
});
