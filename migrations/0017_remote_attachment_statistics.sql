-- `has:media` on remote posts tests jsonb_array_length(attachments) > 0, for
-- which PostgreSQL keeps no statistics: guessing a third of the posts match,
-- it read them all to count a few (59 ms at 100,000 posts, none with media)
-- instead of using remote_posts_media_at_idx (0016). These statistics give
-- it the expression's real distribution.
CREATE STATISTICS IF NOT EXISTS remote_posts_attachment_count ON (jsonb_array_length(attachments)) FROM remote_posts;
--> statement-breakpoint
ANALYZE remote_posts;
