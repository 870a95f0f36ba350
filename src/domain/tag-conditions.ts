import { type SQL, sql } from "drizzle-orm";
import { entries } from "../db/schema/entries.ts";
import { remotePosts } from "../db/schema/federation.ts";

/**
 * "Carries this tag" for entries and remote posts, given the tag's key
 * (tagKey), as search asks it. Both tables keep their tags in an array with a
 * GIN index, so PostgreSQL can combine the tag with a date range or words in
 * one bitmap scan instead of walking the newest rows and probing each one's
 * tags (`#design after:2026-01`: 107 ms instead of 283 at a million entries).
 *
 * Tag pages and the API's tag timeline find entries with `exists (…
 * entry_tags …)`: they ask for the newest 20 with nothing else to narrow, and
 * PostgreSQL's statistics on an array column know only its commonest
 * elements, so a tag it has never seen is guessed common and the newest-first
 * index is walked to its end (3.9 s at a million entries), where entry_tags'
 * statistics call it rare and the plan starts from its few rows (0.1 ms).
 * Search is safe: it counts first and pages through the few matches when
 * there are few. The API's tag timeline finds remote posts with
 * `remotePostTagged`, planned for the tag each time (custom-plans.ts): 1.8 ms
 * for an unused tag at 100,000 remote posts, where `= any(tags)` walked them
 * all (90 ms).
 */
export function entryTagged(tag: string | SQL): SQL {
  return sql`${entries.tags} @> array[${tag}]::text[]`;
}

export function remotePostTagged(tag: string | SQL): SQL {
  return sql`${remotePosts.tags} @> array[${tag}]::text[]`;
}
