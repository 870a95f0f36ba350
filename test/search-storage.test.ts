import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post, remoteActor, remotePost } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/**
 * Search documents stay in their rows (migration 0011): searches test them
 * row by row while walking the newest entries, and a document in the TOAST
 * table cost two more buffer lookups a row. A body long enough to push the
 * row over PostgreSQL's 2 kB threshold is moved out (or compressed) instead.
 * Each document is made with its language's configuration (migration 0012).
 */

/** Made-up words, all different, so the document is about as long as the text. */
const words = (n: number) =>
  Array.from({ length: n }, (_, i) => `w${(i * 7919).toString(36)}x${i.toString(36)}`).join(" ");

describe("search documents: kept in their rows, made in their language", () => {
  let runtime: TestRuntime;
  let version = 0;
  before(async () => {
    runtime = await startTestRuntime();
    const [row] = await runtime.database.sql<{ v: number }[]>`
      select current_setting('server_version_num')::int as v`;
    version = row?.v ?? 0;
  });
  after(() => runtime.close());

  it("keeps an entry's and a remote post's document in the row, not the TOAST table", async (t) => {
    if (version < 170000) {
      // pg_column_toast_chunk_id (which tells where a value is) came in PostgreSQL 17.
      t.skip(`PostgreSQL ${version} cannot tell where a value is stored (needs 17+)`);
      return;
    }
    const ann = await makeMember(runtime.ctx, "ann");
    const entry = await post(runtime, ann, words(150), { title: "A long note" });
    const pen = await remoteActor(runtime, "pen");
    const remote = await remotePost(runtime, pen, "long", `<p>${words(150)}</p>`);
    const sql = runtime.database.sql;
    const [stored] = await sql<{ size: number; external: boolean; row: number }[]>`
      select pg_column_size(search) as size, pg_column_toast_chunk_id(search) is not null as external,
        pg_column_size(entries.*) as row
      from entries where id = ${entry}`;
    assert.ok((stored?.size ?? 0) > 1500, `the document is long (${stored?.size} bytes)`);
    assert.equal(stored?.external, false, "the entry's document is in its row");
    assert.ok((stored?.row ?? 0) > 2000, "the row would have gone over the threshold");
    const [received] = await sql<{ external: boolean }[]>`
      select pg_column_toast_chunk_id(search) is not null as external
      from remote_posts where id = ${remote}`;
    assert.equal(received?.external, false, "the remote post's document is in its row");
  });

  it("picks each entry's text-search configuration from its language", async () => {
    const cases: [string | null, string][] = [
      ["en", "english"],
      ["EN-gb", "english"],
      ["de-AT", "german"],
      ["pt-BR", "portuguese"],
      ["nb", "norwegian"],
      ["nn", "norwegian"],
      ["tr", "turkish"],
      ["ja", "simple"],
      ["", "simple"],
      [null, "simple"],
    ];
    for (const [language, config] of cases) {
      const [row] = await runtime.database.sql<{ config: string }[]>`
        select outloud_search_config(${language})::text as config`;
      assert.equal(row?.config, config, String(language));
    }
  });
});
