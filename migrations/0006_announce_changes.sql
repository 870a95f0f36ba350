-- Every write to a table that changes what someone sees announces itself on the change feed
-- (src/domain/changes.ts, channel `outloud_changes`), whatever code path made it: a domain
-- operation, a job, the federation inbox, a cascade, the CLI or psql. Caches of pages and API
-- answers in every process empty themselves on it.
--
-- The payload names the writing process when `transactional()` set `outloud.origin` for the
-- transaction (that process told its own caches at commit already, and skips its echo), else
-- 'database': every process, the writer's included, drops its caches. PostgreSQL delivers
-- identical notifications of one transaction once, so a transaction announces once however many
-- statements it runs. Statements that change no row announce nothing.
CREATE FUNCTION "announce_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	-- One branch per kind of trigger: each trigger only has the transition table of its event.
	IF TG_OP = 'DELETE' THEN
		IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
			RETURN NULL;
		END IF;
	ELSIF TG_OP <> 'TRUNCATE' THEN
		IF NOT EXISTS (SELECT 1 FROM new_rows) THEN
			RETURN NULL;
		END IF;
	END IF;
	PERFORM pg_notify('outloud_changes',
		coalesce(nullif(current_setting('outloud.origin', true), ''), 'database'));
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Statement-level AFTER triggers (a bulk write announces once) on each table that exists; tables
-- of private or internal state (sessions, tokens, jobs, federation caches, coaching) are left out.
DO $$
DECLARE
	watched text;
BEGIN
	FOREACH watched IN ARRAY ARRAY[
		'actors', 'users', 'follows', 'blocks', 'mutes', 'domain_blocks', 'instance_settings',
		'entries', 'entry_versions', 'entry_tags', 'entry_mentions', 'media',
		'remote_posts', 'remote_post_recipients',
		'likes', 'shares', 'bookmarks', 'notifications',
		'pinned_entries', 'portfolios', 'portfolio_sections', 'portfolio_items',
		'skills', 'skill_evidence', 'skill_ratings', 'tag_types'
	] LOOP
		CONTINUE WHEN to_regclass(format('%I', watched)) IS NULL;
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION announce_change()', watched || '_announce_insert', watched);
		EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows
			FOR EACH STATEMENT EXECUTE FUNCTION announce_change()', watched || '_announce_update', watched);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
			FOR EACH STATEMENT EXECUTE FUNCTION announce_change()', watched || '_announce_delete', watched);
		EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
			FOR EACH STATEMENT EXECUTE FUNCTION announce_change()', watched || '_announce_truncate', watched);
	END LOOP;
END $$;
