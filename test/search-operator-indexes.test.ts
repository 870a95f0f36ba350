import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { searchEntries } from "../src/domain/search/index.ts";
import { ANONYMOUS } from "../src/domain/viewer.ts";
import { insertNotes } from "./helpers/bulk-entries.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { remoteActor } from "./helpers/interactions.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";
import { logged, planOf, type RanStatement } from "./helpers/statements.ts";

/**
 * Operators that match few entries (`kind:photo`, `lang:fr`, `has:link`…)
 * find them through their own indexes (migrations 0016, 0017): without one,
 * a search read every entry to find none (seconds at a million entries).
 */

describe("search: operators matching few rows use their indexes", () => {
  let runtime: TestRuntime;
  const statements: RanStatement[] = [];

  before(async () => {
    runtime = await startTestRuntime();
    const ann = await makeMember(runtime.ctx, "ann");
    const sql = runtime.database.sql;
    // 3,000 English notes; one French-Canadian photo with a link, asking a question.
    await insertNotes(sql, ann.actorId, 3000);
    await sql`
      insert into entries (id, author_id, kind, title, body_markdown, body_html, language, audience,
        status, published_at, is_question)
      values (md5('photo')::uuid, ${ann.actorId}::uuid, 'photo', 'Le pont', 'Voir',
        '<p><a href="https://example.org/pont">Voir</a></p>', 'fr-CA', 'public', 'published',
        now() - interval '1 day', true)`;
    // 2,000 posts from another server; one French, with an attachment and a link.
    const pen = await remoteActor(runtime, "pen");
    await sql`
      insert into remote_posts (id, uri, author_id, type, content_html, audience, published_at,
        received_at, language, attachments)
      select md5('remote' || i)::uuid, 'https://remote.example/posts/' || i, ${pen}::uuid, 'Note',
        case when i = 1 then '<p><a href="https://example.org/">Lien</a></p>' else '<p>Post</p>' end,
        'public', now() - i * interval '1 minute', now(), case when i = 1 then 'fr' else 'en' end,
        case when i = 1 then '[{"type":"Image","url":"https://remote.example/a.png"}]'::jsonb
          else '[]'::jsonb end
      from generate_series(1, 2000) as i`;
    await sql`vacuum analyze entries`;
    await sql`vacuum analyze remote_posts`;
  });
  after(() => runtime.close());

  /** What the query finds, and each table's plans for it, as JSON text. */
  const search = async (q: string) => {
    statements.length = 0;
    const results = await searchEntries(logged(runtime, statements), ANONYMOUS, { q });
    const plans = await Promise.all(
      statements.filter((s) => s.query.startsWith("select")).map((s) => planOf(runtime, s)),
    );
    return { results, plans: plans.join("\n") };
  };
  const readWhole = (table: string) =>
    new RegExp(
      `"Node Type":"Seq Scan","Parent Relationship":"[A-Za-z]+"[^}]*"Relation Name":"${table}"`,
    );

  const entryCases: [string, string][] = [
    ["kind:photo", "entries_kind_published_idx"],
    ["lang:fr", "entries_language_published_idx"],
    ["lang:fr-ca", "entries_language_published_idx"],
    ["has:question", "entries_questions_published_idx"],
    ["is:unanswered", "entries_questions_published_idx"],
  ];
  for (const [q, index] of entryCases) {
    it(`${q}: finds the entry through ${index}`, async () => {
      const { results, plans } = await search(q);
      assert.ok(
        results.hits.some((hit) => hit.entry?.title === "Le pont"),
        "the photo is found",
      );
      assert.match(plans, new RegExp(index));
      assert.doesNotMatch(plans, readWhole("entries"));
    });
  }

  it("has:link and has:media: entries and remote posts through their indexes", async () => {
    const links = await search("has:link");
    assert.deepEqual(
      links.results.hits.map((hit) => hit.entry?.title ?? hit.remote?.url ?? hit.remote?.id).length,
      2,
      "the photo and the French post",
    );
    assert.match(links.plans, /entries_links_published_idx/);
    assert.match(links.plans, /remote_posts_links_at_idx/);
    assert.doesNotMatch(links.plans, readWhole("entries"));
    assert.doesNotMatch(links.plans, readWhole("remote_posts"));
    const media = await search("has:media");
    assert.equal(media.results.hits.filter((hit) => hit.remote).length, 1);
    assert.match(media.plans, /remote_posts_media_at_idx/);
    assert.doesNotMatch(media.plans, readWhole("remote_posts"));
    const french = await search("lang:fr");
    assert.equal(french.results.hits.length, 2, "the photo and the French post");
    assert.match(french.plans, /remote_posts_language_at_idx/);
  });
});
