DROP INDEX "entries_published_idx";--> statement-breakpoint
DROP INDEX "entries_published_public_idx";--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "tag_hashes" integer[] GENERATED ALWAYS AS (outloud_tag_hashes(tags)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "entries_published_idx" ON "entries" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST,"tag_hashes") WHERE "entries"."status" = 'published';--> statement-breakpoint
CREATE INDEX "entries_published_public_idx" ON "entries" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST,"tag_hashes") WHERE "entries"."status" = 'published' and "entries"."audience" = 'public';