-- Search (issue 7): trigram matching for handles, names and tags, and the
-- text-search configuration an entry's language is indexed with.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Languages with a stemming configuration in PostgreSQL 15+; anything else
-- (Japanese, Chinese, unknown codes) is indexed word by word with `simple`.
CREATE OR REPLACE FUNCTION outloud_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE lower(split_part(coalesce(language, ''), '-', 1))
    WHEN 'ar' THEN 'arabic'
    WHEN 'da' THEN 'danish'
    WHEN 'de' THEN 'german'
    WHEN 'el' THEN 'greek'
    WHEN 'en' THEN 'english'
    WHEN 'es' THEN 'spanish'
    WHEN 'fi' THEN 'finnish'
    WHEN 'fr' THEN 'french'
    WHEN 'ga' THEN 'irish'
    WHEN 'hu' THEN 'hungarian'
    WHEN 'id' THEN 'indonesian'
    WHEN 'it' THEN 'italian'
    WHEN 'lt' THEN 'lithuanian'
    WHEN 'nb' THEN 'norwegian'
    WHEN 'ne' THEN 'nepali'
    WHEN 'nl' THEN 'dutch'
    WHEN 'nn' THEN 'norwegian'
    WHEN 'no' THEN 'norwegian'
    WHEN 'pt' THEN 'portuguese'
    WHEN 'ro' THEN 'romanian'
    WHEN 'ru' THEN 'russian'
    WHEN 'sr' THEN 'serbian'
    WHEN 'sv' THEN 'swedish'
    WHEN 'ta' THEN 'tamil'
    WHEN 'tr' THEN 'turkish'
    ELSE 'simple'
  END)::regconfig
$$;
