CREATE TABLE "media" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"entry_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"state" text DEFAULT 'processing' NOT NULL,
	"failure_reason" text,
	"original_name" text DEFAULT '' NOT NULL,
	"incoming_key" text,
	"bytes" bigint NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"transcript" text DEFAULT '' NOT NULL,
	"width" integer,
	"height" integer,
	"duration_ms" integer,
	"blurhash" text,
	"peaks" jsonb,
	"probe" jsonb,
	"location_removed" boolean DEFAULT false NOT NULL,
	"variants" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pinned_entries" (
	"actor_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"pinned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pinned_entries_actor_id_entry_id_pk" PRIMARY KEY("actor_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "portfolio_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"portfolio_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"caption_markdown" text DEFAULT '' NOT NULL,
	"caption_html" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_sections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"portfolio_id" uuid NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_share_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"portfolio_id" uuid NOT NULL,
	"label" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"view_count" integer DEFAULT 0 NOT NULL,
	"last_viewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "portfolios" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"intro_markdown" text DEFAULT '' NOT NULL,
	"intro_html" text DEFAULT '' NOT NULL,
	"cover_key" text,
	"cover_alt" text DEFAULT '' NOT NULL,
	"cover_width" integer,
	"cover_height" integer,
	"layout" text DEFAULT 'story' NOT NULL,
	"audience" text DEFAULT 'private' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill_evidence" (
	"skill_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skill_evidence_skill_id_entry_id_pk" PRIMARY KEY("skill_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "skill_ratings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"skill_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"rated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skill_ratings_rating_range" CHECK ("skill_ratings"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "skills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"framework_uri" text,
	"tag" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tag_types" (
	"actor_id" uuid NOT NULL,
	"tag" text NOT NULL,
	"type" text NOT NULL,
	CONSTRAINT "tag_types_actor_id_tag_pk" PRIMARY KEY("actor_id","tag")
);
--> statement-breakpoint
CREATE TABLE "saved_searches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"sort" text DEFAULT 'recent' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "listed_in_directory" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "search" "tsvector";--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_owner_id_actors_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pinned_entries" ADD CONSTRAINT "pinned_entries_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pinned_entries" ADD CONSTRAINT "pinned_entries_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_items" ADD CONSTRAINT "portfolio_items_portfolio_id_portfolios_id_fk" FOREIGN KEY ("portfolio_id") REFERENCES "public"."portfolios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_items" ADD CONSTRAINT "portfolio_items_section_id_portfolio_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."portfolio_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_items" ADD CONSTRAINT "portfolio_items_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_sections" ADD CONSTRAINT "portfolio_sections_portfolio_id_portfolios_id_fk" FOREIGN KEY ("portfolio_id") REFERENCES "public"."portfolios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio_share_links" ADD CONSTRAINT "portfolio_share_links_portfolio_id_portfolios_id_fk" FOREIGN KEY ("portfolio_id") REFERENCES "public"."portfolios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolios" ADD CONSTRAINT "portfolios_owner_id_actors_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_evidence" ADD CONSTRAINT "skill_evidence_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_evidence" ADD CONSTRAINT "skill_evidence_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skill_ratings" ADD CONSTRAINT "skill_ratings_skill_id_skills_id_fk" FOREIGN KEY ("skill_id") REFERENCES "public"."skills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "skills" ADD CONSTRAINT "skills_owner_id_actors_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_types" ADD CONSTRAINT "tag_types_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_owner_id_actors_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_entry_idx" ON "media" USING btree ("entry_id","position");--> statement-breakpoint
CREATE INDEX "media_owner_idx" ON "media" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "media_unattached_idx" ON "media" USING btree ("created_at") WHERE "media"."entry_id" is null;--> statement-breakpoint
CREATE INDEX "pinned_entries_entry_idx" ON "pinned_entries" USING btree ("entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portfolio_items_entry_key" ON "portfolio_items" USING btree ("portfolio_id","entry_id");--> statement-breakpoint
CREATE INDEX "portfolio_items_order_idx" ON "portfolio_items" USING btree ("section_id","position");--> statement-breakpoint
CREATE INDEX "portfolio_items_entry_idx" ON "portfolio_items" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "portfolio_sections_order_idx" ON "portfolio_sections" USING btree ("portfolio_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "portfolio_share_links_token_key" ON "portfolio_share_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "portfolio_share_links_portfolio_idx" ON "portfolio_share_links" USING btree ("portfolio_id");--> statement-breakpoint
CREATE UNIQUE INDEX "portfolios_owner_slug_key" ON "portfolios" USING btree ("owner_id",lower("slug"));--> statement-breakpoint
CREATE INDEX "portfolios_owner_idx" ON "portfolios" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "skill_evidence_entry_idx" ON "skill_evidence" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "skill_ratings_skill_idx" ON "skill_ratings" USING btree ("skill_id","rated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "skills_owner_slug_key" ON "skills" USING btree ("owner_id",lower("slug"));--> statement-breakpoint
CREATE INDEX "skills_owner_idx" ON "skills" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "saved_searches_owner_idx" ON "saved_searches" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "actors_handle_trgm_idx" ON "actors" USING gin ("handle" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "actors_display_name_trgm_idx" ON "actors" USING gin ("display_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "entries_search_idx" ON "entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "entries_published_idx" ON "entries" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "entries"."status" = 'published';--> statement-breakpoint
CREATE INDEX "entry_tags_tag_trgm_idx" ON "entry_tags" USING gin ("tag" gin_trgm_ops);