import type postgres from "postgres";
import { RARE_WORD, vocabulary } from "./search-text.ts";

/**
 * Posts received from other servers, for the search benchmark: `count` posts
 * by 500 remote accounts on 10 hosts, one every 3 minutes going back, with the
 * same generated text as entries (and the rare word in every 10,000th), tags
 * on one in three; 80 % public, 10 % unlisted, 8 % followers-only, 2 % direct
 * (addressed to member7). Their search documents are built afterwards.
 */
export async function seedRemotePosts(sql: postgres.Sql, count: number): Promise<void> {
  if (count <= 0) return;
  const words = vocabulary();
  await sql`
    insert into actors (id, handle, host, display_name, uri, inbox_url)
    select md5('remote' || i)::uuid, 'friend' || i, 'host' || (i % 10) || '.example',
      'Friend ' || i, 'https://host' || (i % 10) || '.example/users/friend' || i,
      'https://host' || (i % 10) || '.example/users/friend' || i || '/inbox'
    from generate_series(1, 500) as i`;
  await sql`select setseed(0.24)`;
  await sql`
    insert into remote_posts (id, uri, author_id, type, url, content_html, audience,
      published_at, received_at, language, tags)
    select md5('post' || i)::uuid,
      'https://host' || (i % 10) || '.example/posts/' || i,
      md5('remote' || (i % 500 + 1))::uuid, 'Note',
      'https://host' || (i % 10) || '.example/@friend' || (i % 500 + 1) || '/' || i,
      '<p>' || (select string_agg((${words}::text[])[1 + floor(power(random(), 3) * ${words.length})::int], ' ')
          from generate_series(1, 20 + (i % 61)) g where i is not null)
        || case when i % 10000 = 0 then ${` ${RARE_WORD}`} else '' end || '</p>',
      case when i % 50 < 40 then 'public' when i % 50 < 45 then 'unlisted'
           when i % 50 < 49 then 'followers' else 'direct' end,
      now() - i * interval '3 minutes', now() - i * interval '3 minutes', 'en',
      case when i % 3 = 0
        then array[(array['design', 'postgres', 'typescript', 'teaching', 'writing'])[i % 5 + 1]]
        else '{}'::text[] end
    from generate_series(1, ${count}) as i`;
  await sql`
    insert into remote_post_recipients (remote_post_id, actor_id)
    select p.id, a.id from remote_posts p, actors a
    where p.audience = 'direct' and a.handle = 'member7' and a.host is null`;
}
