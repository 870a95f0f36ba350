import type postgres from "postgres";

/**
 * Inserts `count` published English notes by one author in one statement
 * (thousands in milliseconds, for tests that need a table of some size):
 * the i-th, from 1, has id md5(`ids` || i), is published i minutes before
 * `until`, and says `text`. Fragments given may use `i`.
 */
export async function insertNotes(
  sql: postgres.Sql,
  authorId: string,
  count: number,
  options: {
    ids?: string;
    text?: postgres.Fragment;
    until?: Date;
    audience?: postgres.Fragment;
    tags?: postgres.Fragment;
  } = {},
): Promise<void> {
  const text = options.text ?? sql`'Note'`;
  const until = (options.until ?? new Date()).toISOString();
  await sql`
    insert into entries (id, author_id, kind, title, body_markdown, body_html, language, audience,
      status, published_at, tags)
    select md5(${options.ids ?? "entry"} || i)::uuid, ${authorId}::uuid, 'note', '', ${text},
      '<p>' || ${text} || '</p>', 'en', ${options.audience ?? sql`'public'`}, 'published',
      ${until}::timestamptz - i * interval '1 minute', ${options.tags ?? sql`'{}'::text[]`}
    from generate_series(1, ${count}::int) as i`;
}
