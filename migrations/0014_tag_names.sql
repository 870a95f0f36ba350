CREATE TABLE "tag_names" (
	"tag" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "tag_names_trgm_idx" ON "tag_names" USING gin ("tag" gin_trgm_ops);