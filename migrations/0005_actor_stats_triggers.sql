-- actor_stats is written by these triggers alone (src/db/schema/actor-stats.ts): every change to
-- entries, remote_posts and follows adjusts it in the same transaction, whatever code path (or
-- cascade from a deleted actor) made it. Statement-level triggers with transition tables: a bulk
-- insert adjusts each actor's row once, and an update that changes nothing counted costs a join of
-- two one-row tables.

-- A post entering (+1) or leaving (-1) an author's counts; `listed`: public or unlisted.
CREATE TYPE "actor_post_change" AS ("actor_id" uuid, "delta" integer, "listed" boolean, "at" timestamptz);
--> statement-breakpoint
-- The author's newest counted posts, looked up through entries_author_published_idx.
CREATE FUNCTION "actor_newest_posts"(author uuid, OUT listed_at timestamptz, OUT all_at timestamptz)
LANGUAGE sql STABLE AS $$
	SELECT
		greatest(
			(SELECT max(e.published_at) FROM entries e WHERE e.author_id = author
				AND e.status = 'published' AND e.audience IN ('public', 'unlisted')),
			(SELECT max(coalesce(r.published_at, r.received_at)) FROM remote_posts r
				WHERE r.author_id = author AND r.audience IN ('public', 'unlisted'))),
		greatest(
			(SELECT max(e.published_at) FROM entries e WHERE e.author_id = author AND e.status = 'published'),
			(SELECT max(coalesce(r.published_at, r.received_at)) FROM remote_posts r WHERE r.author_id = author))
$$;
--> statement-breakpoint
CREATE FUNCTION "actor_stats_add_posts"(changes actor_post_change[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(cardinality(changes), 0) = 0 THEN
		RETURN;
	END IF;
	-- Counts add up under each row's lock (in actor order), so concurrent writers never lose one.
	-- An actor being deleted (a cascade in progress) gets no row.
	INSERT INTO actor_stats AS s (actor_id, statuses_count, last_status_at, all_statuses_count, all_last_status_at)
	SELECT c.actor_id,
		coalesce(sum(c.delta) FILTER (WHERE c.listed), 0),
		max(c.at) FILTER (WHERE c.listed AND c.delta > 0),
		sum(c.delta),
		max(c.at) FILTER (WHERE c.delta > 0)
	FROM unnest(changes) c
	WHERE EXISTS (SELECT 1 FROM actors a WHERE a.id = c.actor_id)
	GROUP BY c.actor_id
	ORDER BY c.actor_id
	ON CONFLICT (actor_id) DO UPDATE SET
		statuses_count = s.statuses_count + excluded.statuses_count,
		last_status_at = greatest(s.last_status_at, excluded.last_status_at),
		all_statuses_count = s.all_statuses_count + excluded.all_statuses_count,
		all_last_status_at = greatest(s.all_last_status_at, excluded.all_last_status_at);
	-- A post that stopped counting may have been the newest: look the newest up again. A new
	-- statement, so it also sees what other transactions committed while this one waited.
	UPDATE actor_stats s SET last_status_at = n.listed_at, all_last_status_at = n.all_at
	FROM (
		SELECT c.actor_id,
			max(c.at) FILTER (WHERE c.listed) AS listed_gone_at,
			max(c.at) AS gone_at
		FROM unnest(changes) c WHERE c.delta < 0 GROUP BY c.actor_id
	) g, LATERAL actor_newest_posts(g.actor_id) n
	WHERE s.actor_id = g.actor_id
		AND (g.gone_at >= s.all_last_status_at OR g.listed_gone_at >= s.last_status_at);
END $$;
--> statement-breakpoint
-- Entries count once published; their time is published_at.
CREATE FUNCTION "actor_stats_entries_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM actor_stats_add_posts(ARRAY(
			SELECT ROW(n.author_id, 1, n.audience IN ('public', 'unlisted'), n.published_at)::actor_post_change
			FROM new_rows n WHERE n.status = 'published'));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM actor_stats_add_posts(ARRAY(
			SELECT ROW(o.author_id, -1, o.audience IN ('public', 'unlisted'), o.published_at)::actor_post_change
			FROM old_rows o WHERE o.status = 'published'));
	ELSE
		PERFORM actor_stats_add_posts(ARRAY(
			SELECT ch.c FROM old_rows o JOIN new_rows n ON n.id = o.id,
				LATERAL (VALUES
					(CASE WHEN o.status = 'published' THEN
						ROW(o.author_id, -1, o.audience IN ('public', 'unlisted'), o.published_at)::actor_post_change END),
					(CASE WHEN n.status = 'published' THEN
						ROW(n.author_id, 1, n.audience IN ('public', 'unlisted'), n.published_at)::actor_post_change END)
				) ch(c)
			WHERE ch.c IS NOT NULL
				AND (o.author_id, o.status, o.audience, o.published_at)
					IS DISTINCT FROM (n.author_id, n.status, n.audience, n.published_at)));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Remote posts count while they are stored; their time is when written, else received.
CREATE FUNCTION "actor_stats_remote_posts_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM actor_stats_add_posts(ARRAY(
			SELECT ROW(n.author_id, 1, n.audience IN ('public', 'unlisted'),
				coalesce(n.published_at, n.received_at))::actor_post_change
			FROM new_rows n));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM actor_stats_add_posts(ARRAY(
			SELECT ROW(o.author_id, -1, o.audience IN ('public', 'unlisted'),
				coalesce(o.published_at, o.received_at))::actor_post_change
			FROM old_rows o));
	ELSE
		PERFORM actor_stats_add_posts(ARRAY(
			SELECT ch.c FROM old_rows o JOIN new_rows n ON n.id = o.id,
				LATERAL (VALUES
					(ROW(o.author_id, -1, o.audience IN ('public', 'unlisted'),
						coalesce(o.published_at, o.received_at))::actor_post_change),
					(ROW(n.author_id, 1, n.audience IN ('public', 'unlisted'),
						coalesce(n.published_at, n.received_at))::actor_post_change)
				) ch(c)
			WHERE (o.author_id, o.audience, coalesce(o.published_at, o.received_at))
				IS DISTINCT FROM (n.author_id, n.audience, coalesce(n.published_at, n.received_at))));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- An accepted follow entering (+1) or leaving (-1) the counts.
CREATE TYPE "actor_follow_change" AS ("follower_id" uuid, "followed_id" uuid, "delta" integer);
--> statement-breakpoint
CREATE FUNCTION "actor_stats_add_follows"(changes actor_follow_change[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(cardinality(changes), 0) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO actor_stats AS s (actor_id, followers_count, following_count)
	SELECT t.actor_id, sum(t.followers), sum(t.following)
	FROM unnest(changes) c,
		LATERAL (VALUES (c.followed_id, c.delta, 0), (c.follower_id, 0, c.delta)) t(actor_id, followers, following)
	WHERE EXISTS (SELECT 1 FROM actors a WHERE a.id = t.actor_id)
	GROUP BY t.actor_id
	HAVING sum(t.followers) <> 0 OR sum(t.following) <> 0
	ORDER BY t.actor_id
	ON CONFLICT (actor_id) DO UPDATE SET
		followers_count = s.followers_count + excluded.followers_count,
		following_count = s.following_count + excluded.following_count;
END $$;
--> statement-breakpoint
CREATE FUNCTION "actor_stats_follows_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		PERFORM actor_stats_add_follows(ARRAY(
			SELECT ROW(n.follower_id, n.followed_id, 1)::actor_follow_change
			FROM new_rows n WHERE n.state = 'accepted'));
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM actor_stats_add_follows(ARRAY(
			SELECT ROW(o.follower_id, o.followed_id, -1)::actor_follow_change
			FROM old_rows o WHERE o.state = 'accepted'));
	ELSE
		-- Old rows out, new rows in: pairs that did not change cancel out per actor.
		PERFORM actor_stats_add_follows(ARRAY(
			SELECT ROW(o.follower_id, o.followed_id, -1)::actor_follow_change
			FROM old_rows o WHERE o.state = 'accepted'
			UNION ALL
			SELECT ROW(n.follower_id, n.followed_id, 1)::actor_follow_change
			FROM new_rows n WHERE n.state = 'accepted'));
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "entries_actor_stats_insert" AFTER INSERT ON "entries"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_entries_changed();
--> statement-breakpoint
CREATE TRIGGER "entries_actor_stats_update" AFTER UPDATE ON "entries"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_entries_changed();
--> statement-breakpoint
CREATE TRIGGER "entries_actor_stats_delete" AFTER DELETE ON "entries"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_entries_changed();
--> statement-breakpoint
CREATE TRIGGER "remote_posts_actor_stats_insert" AFTER INSERT ON "remote_posts"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_remote_posts_changed();
--> statement-breakpoint
CREATE TRIGGER "remote_posts_actor_stats_update" AFTER UPDATE ON "remote_posts"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_remote_posts_changed();
--> statement-breakpoint
CREATE TRIGGER "remote_posts_actor_stats_delete" AFTER DELETE ON "remote_posts"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_remote_posts_changed();
--> statement-breakpoint
CREATE TRIGGER "follows_actor_stats_insert" AFTER INSERT ON "follows"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_follows_changed();
--> statement-breakpoint
CREATE TRIGGER "follows_actor_stats_update" AFTER UPDATE ON "follows"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_follows_changed();
--> statement-breakpoint
CREATE TRIGGER "follows_actor_stats_delete" AFTER DELETE ON "follows"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION actor_stats_follows_changed();
--> statement-breakpoint
-- What the triggers keep from now on, counted once for the actors already here.
INSERT INTO actor_stats (actor_id, statuses_count, last_status_at, all_statuses_count,
	all_last_status_at, followers_count, following_count)
SELECT a.id, coalesce(p.listed, 0), p.listed_at, coalesce(p.total, 0), p.all_at,
	coalesce(fr.n, 0), coalesce(fg.n, 0)
FROM actors a
LEFT JOIN (
	SELECT x.author_id, count(*) FILTER (WHERE x.listed) AS listed,
		max(x.at) FILTER (WHERE x.listed) AS listed_at, count(*) AS total, max(x.at) AS all_at
	FROM (
		SELECT author_id, audience IN ('public', 'unlisted') AS listed, published_at AS at
		FROM entries WHERE status = 'published'
		UNION ALL
		SELECT author_id, audience IN ('public', 'unlisted'), coalesce(published_at, received_at)
		FROM remote_posts
	) x GROUP BY x.author_id
) p ON p.author_id = a.id
LEFT JOIN (SELECT followed_id, count(*) AS n FROM follows WHERE state = 'accepted' GROUP BY followed_id) fr
	ON fr.followed_id = a.id
LEFT JOIN (SELECT follower_id, count(*) AS n FROM follows WHERE state = 'accepted' GROUP BY follower_id) fg
	ON fg.follower_id = a.id;
