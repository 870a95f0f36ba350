ALTER TABLE "remote_posts" ADD COLUMN "search" "tsvector";--> statement-breakpoint
CREATE INDEX "remote_posts_search_idx" ON "remote_posts" USING gin ("search");--> statement-breakpoint
-- Backfill: the document refreshRemotePostSearch writes (src/domain/search/index-remote-post.ts).
UPDATE "remote_posts" SET "search" =
  setweight(to_tsvector(outloud_search_config("language"), "name") || case when outloud_search_config("language") = 'simple'::regconfig then ''::tsvector else $$' ':1$$::tsvector || to_tsvector('simple', "name") end, 'A')
  || $$' ':1$$::tsvector || setweight(to_tsvector(outloud_search_config("language"), array_to_string("tags", ' ')) || case when outloud_search_config("language") = 'simple'::regconfig then ''::tsvector else $$' ':1$$::tsvector || to_tsvector('simple', array_to_string("tags", ' ')) end, 'B')
  || $$' ':1$$::tsvector || setweight(to_tsvector(outloud_search_config("language"), regexp_replace("content_html", '<[^>]*>', ' ', 'g') || ' ' || "summary") || case when outloud_search_config("language") = 'simple'::regconfig then ''::tsvector else $$' ':1$$::tsvector || to_tsvector('simple', regexp_replace("content_html", '<[^>]*>', ' ', 'g') || ' ' || "summary") end, 'C');
