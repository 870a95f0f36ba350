import type postgres from "postgres";

/**
 * Realistic-enough text for the search benchmark, generated (no downloads):
 * a vocabulary of common English words of work and learning followed by a
 * long tail of made-up words, drawn with a Zipf-like skew (the first words
 * are in nearly every entry, the tail in a few hundred), plus one rare word
 * in every 10,000th entry.
 */

const HEAD = `team work project learned today feedback the and to of a in that is for
it with on this we was as be at by our i have from not are you but they what an
my so about all more how can one time new week review design people first
meeting notes idea students client draft prototype research users data code
test writing reading teaching course lesson problem question answer process
plan goal change result report workshop session colleague mentor help support
onboarding interview survey analysis sketch model build release version
deadline budget schedule conference talk slides paper article book chapter
practice habit skill tool method framework pattern system service product`
  .split(/\s+/)
  .filter(Boolean);

const SYLLABLES = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "qui", "dor", "an", "el", "bri"];

/** HEAD, then made-up words ("kalomi", "renvel"…) up to `size` words in all. */
export function vocabulary(size = 3000): string[] {
  const words = [...HEAD];
  for (let i = 0; words.length < size; i++) {
    let n = i;
    let word = "";
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    words.push(`${word}${SYLLABLES[i % 7]}`);
  }
  return words;
}

/** The word every 10,000th entry carries, and nothing else does. */
export const RARE_WORD = "zeppelin";

/**
 * Rewrites every entry's title and body with generated text (20–80 words,
 * a title on one entry in three), deterministically.
 */
export async function writeRealisticText(sql: postgres.Sql): Promise<void> {
  const words = vocabulary();
  await sql`select setseed(0.42)`;
  await sql`
    update entries e set
      title = case when t.n % 3 = 0 then initcap(t.title) else '' end,
      body_markdown = t.body || case when t.n % 10000 = 0 then ${` ${RARE_WORD}`} else '' end,
      body_html = '<p>' || t.body || case when t.n % 10000 = 0 then ${` ${RARE_WORD}`} else '' end || '</p>'
    from (
      select x.id, row_number() over (order by x.id) as n,
        (select string_agg((${words}::text[])[1 + floor(power(random(), 3) * ${words.length})::int], ' ')
          from generate_series(1, 20 + (abs(hashtext(x.id::text)) % 61)) g where x.id is not null) as body,
        (select string_agg((${words}::text[])[1 + floor(power(random(), 2) * 300)::int], ' ')
          from generate_series(1, 4) g where x.id is not null) as title
      from entries x
    ) t
    where t.id = e.id`;
}
