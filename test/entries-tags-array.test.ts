import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createEntry, tagEntries, updateEntry } from "../src/domain/entries/index.ts";
import { searchEntries } from "../src/domain/search/index.ts";
import { ANONYMOUS, type CurrentUser } from "../src/domain/viewer.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { ROOT } from "./helpers/server.ts";

// entries.tags mirrors entry_tags so one GIN index serves `#tag` in search,
// tag pages and the API's tag timeline (src/domain/tag-conditions.ts).
describe("an entry's tags array", () => {
  let runtime: TestRuntime;
  let alice: CurrentUser;
  const sql = () => runtime.database.sql;
  const tagsOf = async (id: string) =>
    (await sql()<{ tags: string[] }[]>`select tags from entries where id = ${id}`)[0]?.tags;
  const found = async (q: string) =>
    (await searchEntries(runtime.ctx, ANONYMOUS, { q })).hits.flatMap((hit) =>
      hit.entry ? [hit.entry.id] : [],
    );

  before(async () => {
    runtime = await startTestRuntime();
    alice = await makeMember(runtime.ctx, "alice");
  });
  after(() => runtime.close());

  it("holds the entry's tag keys, sorted, and follows every edit", async () => {
    const { id } = await createEntry(runtime.ctx, alice, {
      kind: "note",
      body: "Sketching the #Onboarding flow, with #design notes",
      tags: "Prototype, design",
      audience: "public",
      action: "publish",
    });
    assert.deepEqual(await tagsOf(id), ["design", "onboarding", "prototype"]);
    assert.deepEqual(await found("#prototype sketching"), [id]);
    assert.deepEqual(
      (await tagEntries(runtime.ctx, ANONYMOUS, "Prototype")).entries.map((e) => e.id),
      [id],
    );

    await updateEntry(runtime.ctx, alice, { id, body: "Sketching again", tags: "research" });
    assert.deepEqual(await tagsOf(id), ["research"]);
    assert.deepEqual(await found("#prototype"), []);
    assert.deepEqual(await found("#research sketching"), [id]);
    assert.deepEqual((await tagEntries(runtime.ctx, ANONYMOUS, "prototype")).entries, []);

    await updateEntry(runtime.ctx, alice, { id, body: "No tags left", tags: "" });
    assert.deepEqual(await tagsOf(id), []);
    assert.deepEqual(await found("#research"), []);
  });

  it("is filled from entry_tags for entries written before it existed (migration 0010)", async () => {
    const { id } = await createEntry(runtime.ctx, alice, {
      kind: "note",
      body: "Older entry about #Typography",
      tags: "fonts",
      audience: "public",
      action: "publish",
    });
    await sql()`update entries set tags = '{}' where id = ${id}`;
    assert.deepEqual(await found("#fonts"), []);
    const backfill = fs.readFileSync(
      path.join(ROOT, "migrations/0010_backfill_entry_tags.sql"),
      "utf8",
    );
    await sql().unsafe(backfill);
    assert.deepEqual(await tagsOf(id), ["fonts", "typography"]);
    assert.deepEqual(await found("#fonts"), [id]);
  });
});
