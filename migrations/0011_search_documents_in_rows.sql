-- Searches test the search documents row by row while they walk the newest
-- entries (relevance ranking, common words): keep each document in its row
-- (STORAGE MAIN) rather than in the TOAST table, where reading it cost two
-- more buffer lookups a row. Bodies are moved out of the row first instead.
-- Rows already written keep their documents where they are until rewritten
-- (an edit, or VACUUM FULL).
ALTER TABLE "entries" ALTER COLUMN "search" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "remote_posts" ALTER COLUMN "search" SET STORAGE MAIN;
