ALTER TABLE "entries" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "entries_tags_idx" ON "entries" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "remote_posts_tags_idx" ON "remote_posts" USING gin ("tags");