import { type SQL, sql } from "drizzle-orm";
import { entries } from "../db/schema/entries.ts";
import { remotePosts } from "../db/schema/federation.ts";

/**
 * "Carries this tag" for entries and remote posts, given the tag's key
 * (tagKey). Both tables keep their tags in an array with a GIN index, so
 * PostgreSQL can combine the tag with a date range or words in one bitmap
 * scan instead of walking the newest rows and probing each one's tags.
 */
export function entryTagged(tag: string | SQL): SQL {
  return sql`${entries.tags} @> array[${tag}]::text[]`;
}

export function remotePostTagged(tag: string | SQL): SQL {
  return sql`${remotePosts.tags} @> array[${tag}]::text[]`;
}
