import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchAccountIds } from "../src/domain/api/search.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import { matchingPeople, matchingTags } from "../src/domain/search/people.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { insertNotes } from "./helpers/bulk-entries.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { logged, planOf, type RanStatement } from "./helpers/statements.ts";

/**
 * People and tags named like the words searched for: members here only,
 * through their trigram index; tags from the names kept in tag_names, each
 * counted through its uses the viewer may see.
 */

describe("search: people named like the words", () => {
  let runtime: TestRuntime;
  const statements: RanStatement[] = [];
  const people = async (words: string[]) =>
    (await matchingPeople(logged(runtime, statements), words)).map((person) => person.handle);

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

  it("matches a word under three letters where a handle or a word of a name starts", async () => {
    assert.deepEqual(await people(["ol"]), ["member7"], "Onboarding Olga");
    assert.deepEqual(await people(["ga"]), [], "inside Olga: no name starts with it");
  });

  it("looks the words up in the members' trigram index", async () => {
    statements.length = 0;
    await people(["onboarding"]);
    const [statement] = statements;
    assert.ok(statement);
    assert.match(await planOf(runtime, statement), /actors_local_names_trgm_idx/);
  });
});

describe("search: accounts for the client API", () => {
  let runtime: TestRuntime;
  const statements: RanStatement[] = [];
  const names = new Map<string, string>();
  const accounts = async (q: string) =>
    (await searchAccountIds(logged(runtime, statements), ANONYMOUS, { q, limit: 10 })).map((id) =>
      names.get(id),
    );

  before(async () => {
    runtime = await startTestRuntime();
    const sql = runtime.database.sql;
    // An instance that knows many accounts elsewhere: reading them all is what must not happen.
    await sql`
      insert into actors (id, handle, host, display_name, uri, inbox_url)
      select md5('remote' || i)::uuid, 'user' || i, 'remote.example',
        case i when 1 then 'Mary Jones' when 2 then 'Banjo Player' else 'Someone ' || i end,
        'https://remote.example/users/' || i, 'https://remote.example/users/' || i || '/inbox'
      from generate_series(1, 20000) as i`;
    await sql`vacuum analyze actors`;
    const rows = await sql<{ id: string; name: string }[]>`
      select id, display_name as name from actors where handle in ('user1', 'user2')`;
    for (const row of rows) names.set(row.id, row.name);
  });
  after(() => runtime.close());

  it("matches a short word where a name's word starts, through the trigram indexes", async () => {
    statements.length = 0;
    assert.deepEqual(await accounts("jo"), ["Mary Jones"], "not Banjo Player");
    assert.deepEqual(await accounts("Ban"), ["Banjo Player"], "three letters: anywhere");
    const [statement] = statements;
    assert.ok(statement);
    const plan = await planOf(runtime, statement);
    assert.match(plan, /actors_display_name_trgm_idx/);
    assert.doesNotMatch(plan, /"Node Type":"Seq Scan"[^{}]*"Relation Name":"actors"/);
  });
});

describe("search: tags named like the words", () => {
  let runtime: TestRuntime;
  const statements: RanStatement[] = [];
  const tags = async (words: string[]) =>
    (await matchingTags(logged(runtime, statements), ANONYMOUS, words)).map(
      (t) => `${t.tag}:${t.display}`,
    );
  /** Of "design" and "DESIGN", the one min() picks under this database's collation. */
  let first = "";

  before(async () => {
    runtime = await startTestRuntime();
    const ann = await makeMember(runtime.ctx, "ann");
    const sql = runtime.database.sql;
    [{ first = "" } = { first: "" }] = await sql<{ first: string }[]>`
      select min(spelling) as first from (values ('design'), ('DESIGN')) as v(spelling)`;
    const publicSpelling = first === "design" ? "DESIGN" : "design";
    // 4,000 entries, a thousand uses of each of four tags: every name common,
    // as on an instance with few tags (the benchmark's six).
    await insertNotes(sql, ann.actorId, 4000, {
      audience: sql`case when i <= 3000 then 'public' else 'private' end`,
    });
    await sql`
      insert into entry_tags (entry_id, tag, display)
      select md5('entry' || i)::uuid,
        (array['design', 'designsystems', 'uxdesign', 'secretdesign'])[(i - 1) / 1000 + 1],
        case when i <= 1000 then ${publicSpelling}
          else (array['DesignSystems', 'UXDesign', 'SecretDesign'])[(i - 1) / 1000] end
      from generate_series(1, 4000) as i`;
    // One private use of #design, spelled the way min() would pick.
    await sql`
      insert into entry_tags (entry_id, tag, display) values (md5('entry3999')::uuid, 'design', ${first})`;
    // Fewer uses: #webdesign on five public entries; #ux and #linux on one.
    await sql`
      insert into entry_tags (entry_id, tag, display)
      select md5('entry' || i)::uuid, 'webdesign', 'WebDesign' from generate_series(1, 5) as i`;
    await sql`
      insert into entry_tags (entry_id, tag, display)
      values (md5('entry1')::uuid, 'ux', 'UX'), (md5('entry2')::uuid, 'linux', 'Linux')`;
    await sql`vacuum analyze entry_tags`;
  });
  after(() => runtime.close());

  it("keeps every tag name used, once, as entries are written", async () => {
    const names = async () =>
      (await runtime.database.sql<{ tag: string }[]>`select tag from tag_names order by tag`).map(
        (row) => row.tag,
      );
    assert.deepEqual(await names(), [
      "design",
      "designsystems",
      "linux",
      "secretdesign",
      "ux",
      "uxdesign",
      "webdesign",
    ]);
    const bea = await makeMember(runtime.ctx, "bea");
    await createEntry(runtime.ctx, bea, { body: "Sketching #Wayfinding today" });
    assert.ok((await names()).includes("wayfinding"));
  });

  it("suggests names the viewer may see used, most used first, spelled as they may see", async () => {
    // #design: 1,000 public uses (counted to 100), spelled as those are, not as the private use.
    const publicSpelling = first === "design" ? "DESIGN" : "design";
    // The three used a thousand times tie at the count's cap: the closest name first.
    assert.deepEqual(await tags(["design"]), [
      `design:${publicSpelling}`,
      "uxdesign:UXDesign",
      "designsystems:DesignSystems",
      "webdesign:WebDesign",
    ]);
    assert.deepEqual(await tags(["secret"]), [], "used only on private entries");
  });

  it("matches a word under three letters at the start of names", async () => {
    assert.deepEqual(await tags(["ux"]), ["uxdesign:UXDesign", "ux:UX"], "not #linux");
    assert.deepEqual(await tags(["li"]), ["linux:Linux"]);
  });

  it("counts a name's uses through its index, not by reading the entries", async () => {
    statements.length = 0;
    await tags(["design"]);
    const [statement] = statements;
    assert.ok(statement);
    const plan = await planOf(runtime, statement);
    assert.match(plan, /entry_tags_tag_idx/);
    assert.doesNotMatch(
      plan,
      /"Node Type":"Seq Scan","Parent Relationship":"[A-Za-z]+"[^}]*"Relation Name":"entries"/,
    );
  });
});
