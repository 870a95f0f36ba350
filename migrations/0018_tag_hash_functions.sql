-- Tags as numbers (src/db/schema/entries.ts, tag_hashes): a few bytes each, so
-- a btree index of entries' times can carry them and a walk of the newest
-- entries tests a tag without reading the rows (src/domain/search/pages.ts).
-- md5, not hashtext: stored values must stay valid across PostgreSQL versions.
CREATE FUNCTION outloud_tag_hash(tag text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT ('x' || left(md5(tag), 8))::bit(32)::integer
$$;
--> statement-breakpoint
CREATE FUNCTION outloud_tag_hashes(tags text[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(outloud_tag_hash(tag)), '{}'::integer[]) FROM unnest(tags) AS tag
$$;
