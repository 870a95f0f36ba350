import type postgres from "postgres";

export interface SeedSize {
  members: number;
  entries: number;
}

/**
 * Fills the real tables with set-based SQL: `size.members` members named
 * member1…memberN and `size.entries` published entries spread evenly over them
 * (one every 7 minutes going back), ~80 % public, with one or two tags each.
 * Ids are md5-derived uuids: deterministic, valid, and cheap to join on.
 */
export async function seed(sql: postgres.Sql, size: SeedSize): Promise<void> {
  const { members, entries } = size;
  await sql`
    insert into actors (id, handle, display_name, headline, bio_markdown, bio_html)
    select md5('actor' || i)::uuid, 'member' || i, 'Member ' || i,
      'Learning designer exploring feedback loops',
      'I write about what I build and what I learn.',
      '<p>I write about what I build and what I learn.</p>'
    from generate_series(1, ${members}) as i`;
  await sql`
    insert into users (id, actor_id, email, password_hash, role)
    select md5('user' || i)::uuid, md5('actor' || i)::uuid, 'member' || i || '@example.org',
      'scrypt$not-a-real-hash', case when i = 1 then 'admin' else 'member' end
    from generate_series(1, ${members}) as i`;
  await sql`
    insert into entries (id, author_id, kind, prompt, title, body_markdown, body_html,
      language, audience, status, published_at, created_at, updated_at)
    select md5('entry' || i)::uuid,
      md5('actor' || (i % ${members} + 1))::uuid,
      'note',
      (array['working-on', 'learning', 'connected', 'inspired', 'helped-by', 'reflection', null])[i % 7 + 1],
      '',
      'Entry ' || i || ': today I worked through the **feedback** from the review and learned ' ||
        'how small, frequent check-ins keep a project honest. #learning',
      '<p>Entry ' || i || ': today I worked through the <strong>feedback</strong> from the review ' ||
        'and learned how small, frequent check-ins keep a project honest. ' ||
        '<a href="/tags/learning" rel="tag">#learning</a></p>',
      'en',
      case when i % 20 < 16 then 'public' when i % 20 = 16 then 'unlisted'
           when i % 20 = 17 then 'followers' else 'private' end,
      'published',
      now() - i * interval '7 minutes',
      now() - i * interval '7 minutes',
      now() - i * interval '7 minutes'
    from generate_series(1, ${entries}) as i`;
  await sql`
    insert into entry_tags (entry_id, tag, display)
    select md5('entry' || i)::uuid, 'learning', 'learning' from generate_series(1, ${entries}) as i
    union all
    select md5('entry' || i)::uuid, t, t
    from generate_series(1, ${entries}) as i,
      lateral (select (array['design', 'postgres', 'typescript', 'teaching', 'writing'])[i % 5 + 1] as t) tags
    where i % 3 = 0`;
  // entries.tags mirrors entry_tags (entries/store.ts keeps both when members write).
  await sql`
    update entries as e set tags = t.tags
    from (select entry_id, array_agg(tag order by tag) as tags from entry_tags group by entry_id) as t
    where e.id = t.entry_id`;
  await sql`analyze`;
}
