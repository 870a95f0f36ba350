CREATE TABLE "coach_disabled_rules" (
	"actor_id" uuid NOT NULL,
	"rule_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coach_disabled_rules_actor_id_rule_id_pk" PRIMARY KEY("actor_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "actor_keys" (
	"actor_id" uuid NOT NULL,
	"algorithm" text NOT NULL,
	"private_key" jsonb NOT NULL,
	"public_key" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "actor_keys_actor_id_algorithm_pk" PRIMARY KEY("actor_id","algorithm")
);
--> statement-breakpoint
CREATE TABLE "entry_tombstones" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"author_id" uuid NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "federated_entries" (
	"entry_id" uuid PRIMARY KEY NOT NULL,
	"author_id" uuid NOT NULL,
	"first_sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "federation_kv" (
	"key" text[] PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "remote_posts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"uri" text NOT NULL,
	"author_id" uuid NOT NULL,
	"type" text NOT NULL,
	"url" text,
	"name" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"content_html" text DEFAULT '' NOT NULL,
	"sensitive" boolean DEFAULT false NOT NULL,
	"audience" text NOT NULL,
	"published_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "remote_posts_uri_unique" UNIQUE("uri")
);
--> statement-breakpoint
CREATE TABLE "reflection_nudges" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor_id" uuid NOT NULL,
	"period" text NOT NULL,
	"prompt" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reflection_settings" (
	"actor_id" uuid PRIMARY KEY NOT NULL,
	"cadence" text DEFAULT 'off' NOT NULL,
	"weekday" integer DEFAULT 5 NOT NULL,
	"local_time" text DEFAULT '16:00' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "uri" text;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "inbox_url" text;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "shared_inbox_url" text;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "url" text;--> statement-breakpoint
ALTER TABLE "coach_disabled_rules" ADD CONSTRAINT "coach_disabled_rules_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actor_keys" ADD CONSTRAINT "actor_keys_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_tombstones" ADD CONSTRAINT "entry_tombstones_author_id_actors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "federated_entries" ADD CONSTRAINT "federated_entries_author_id_actors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD CONSTRAINT "remote_posts_author_id_actors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_nudges" ADD CONSTRAINT "reflection_nudges_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflection_settings" ADD CONSTRAINT "reflection_settings_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "federation_kv_expires_idx" ON "federation_kv" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "remote_posts_author_idx" ON "remote_posts" USING btree ("author_id","published_at" desc);--> statement-breakpoint
CREATE UNIQUE INDEX "reflection_nudges_actor_period_key" ON "reflection_nudges" USING btree ("actor_id","period");--> statement-breakpoint
CREATE INDEX "reflection_nudges_actor_idx" ON "reflection_nudges" USING btree ("actor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "actors_uri_key" ON "actors" USING btree ("uri");