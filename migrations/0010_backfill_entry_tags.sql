-- entries.tags (0009) mirrors entry_tags: fill it for entries written before it existed.
UPDATE "entries" AS e SET "tags" = t.tags
FROM (
  SELECT "entry_id", array_agg("tag" ORDER BY "tag") AS tags FROM "entry_tags" GROUP BY "entry_id"
) AS t
WHERE e."id" = t."entry_id";
