-- tag_names (0014) holds each tag name entries have used, once. Every way a
-- tag is stored (entries, imports, seeding) writes entry_tags, so a trigger
-- there keeps the names, once per statement however many rows it wrote.
CREATE OR REPLACE FUNCTION outloud_keep_tag_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tag_names (tag) SELECT DISTINCT tag FROM written ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER entry_tags_keep_names_on_insert AFTER INSERT ON entry_tags
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION outloud_keep_tag_names();
--> statement-breakpoint
CREATE TRIGGER entry_tags_keep_names_on_update AFTER UPDATE ON entry_tags
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION outloud_keep_tag_names();
--> statement-breakpoint
INSERT INTO tag_names (tag) SELECT DISTINCT tag FROM entry_tags ON CONFLICT DO NOTHING;
