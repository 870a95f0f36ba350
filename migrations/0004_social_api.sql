CREATE TABLE "actor_stats" (
	"actor_id" uuid PRIMARY KEY NOT NULL,
	"statuses_count" integer DEFAULT 0 NOT NULL,
	"last_status_at" timestamp with time zone,
	"all_statuses_count" integer DEFAULT 0 NOT NULL,
	"all_last_status_at" timestamp with time zone,
	"followers_count" integer DEFAULT 0 NOT NULL,
	"following_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"app_id" uuid,
	"user_id" uuid,
	"scopes" text[] NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "access_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "account_notes" (
	"actor_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"note" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_notes_actor_id_target_id_pk" PRIMARY KEY("actor_id","target_id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "markers" (
	"user_id" uuid NOT NULL,
	"timeline" text NOT NULL,
	"last_read_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "markers_user_id_timeline_pk" PRIMARY KEY("user_id","timeline")
);
--> statement-breakpoint
CREATE TABLE "oauth_apps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"website" text,
	"redirect_uris" text[] NOT NULL,
	"scopes" text[] NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_apps_client_id_unique" UNIQUE("client_id")
);
--> statement-breakpoint
CREATE TABLE "oauth_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"app_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"redirect_uri" text NOT NULL,
	"scopes" text[] NOT NULL,
	"code_challenge" text,
	"code_challenge_method" text,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_mentions" (
	"entry_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	CONSTRAINT "entry_mentions_entry_id_actor_id_pk" PRIMARY KEY("entry_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "remote_post_recipients" (
	"remote_post_id" uuid NOT NULL,
	"actor_id" uuid NOT NULL,
	CONSTRAINT "remote_post_recipients_remote_post_id_actor_id_pk" PRIMARY KEY("remote_post_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "blocks" (
	"actor_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"uri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blocks_actor_id_target_id_pk" PRIMARY KEY("actor_id","target_id")
);
--> statement-breakpoint
CREATE TABLE "bookmarks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor_id" uuid NOT NULL,
	"entry_id" uuid,
	"remote_post_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookmarks_one_target" CHECK ((entry_id is null) <> (remote_post_id is null))
);
--> statement-breakpoint
CREATE TABLE "domain_blocks" (
	"domain" text PRIMARY KEY NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "likes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor_id" uuid NOT NULL,
	"entry_id" uuid,
	"remote_post_id" uuid,
	"uri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "likes_one_target" CHECK ((entry_id is null) <> (remote_post_id is null))
);
--> statement-breakpoint
CREATE TABLE "mutes" (
	"actor_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"hide_notifications" boolean DEFAULT true NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mutes_actor_id_target_id_pk" PRIMARY KEY("actor_id","target_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"recipient_id" uuid NOT NULL,
	"type" text NOT NULL,
	"from_actor_id" uuid,
	"entry_id" uuid,
	"remote_post_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reporter_id" uuid,
	"target_id" uuid NOT NULL,
	"post_ids" uuid[] DEFAULT '{}' NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"uri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	CONSTRAINT "reports_uri_unique" UNIQUE("uri")
);
--> statement-breakpoint
CREATE TABLE "shares" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor_id" uuid NOT NULL,
	"entry_id" uuid,
	"remote_post_id" uuid,
	"audience" text DEFAULT 'public' NOT NULL,
	"uri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shares_one_target" CHECK ((entry_id is null) <> (remote_post_id is null))
);
--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "avatar_url" text;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "header_url" text;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "header_key" text;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "manually_approves_followers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "featured_tags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "moved_to_id" uuid;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "also_known_as" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "follows" ADD COLUMN "uri" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "in_reply_to_entry_id" uuid;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "in_reply_to_remote_id" uuid;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "is_question" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "accepted_answer_id" uuid;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "sensitive" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "tags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "in_reply_to_uri" text;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "in_reply_to_entry_id" uuid;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "in_reply_to_remote_id" uuid;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "is_question" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "remote_posts" ADD COLUMN "accepted_answer_id" uuid;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "focus_x" real;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "focus_y" real;--> statement-breakpoint
ALTER TABLE "actor_stats" ADD CONSTRAINT "actor_stats_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_app_id_oauth_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."oauth_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_notes" ADD CONSTRAINT "account_notes_target_id_actors_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "markers" ADD CONSTRAINT "markers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_codes" ADD CONSTRAINT "oauth_codes_app_id_oauth_apps_id_fk" FOREIGN KEY ("app_id") REFERENCES "public"."oauth_apps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_codes" ADD CONSTRAINT "oauth_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_mentions" ADD CONSTRAINT "entry_mentions_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_mentions" ADD CONSTRAINT "entry_mentions_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remote_post_recipients" ADD CONSTRAINT "remote_post_recipients_remote_post_id_remote_posts_id_fk" FOREIGN KEY ("remote_post_id") REFERENCES "public"."remote_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remote_post_recipients" ADD CONSTRAINT "remote_post_recipients_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_target_id_actors_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookmarks" ADD CONSTRAINT "bookmarks_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookmarks" ADD CONSTRAINT "bookmarks_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookmarks" ADD CONSTRAINT "bookmarks_remote_post_id_remote_posts_id_fk" FOREIGN KEY ("remote_post_id") REFERENCES "public"."remote_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_blocks" ADD CONSTRAINT "domain_blocks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "likes" ADD CONSTRAINT "likes_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "likes" ADD CONSTRAINT "likes_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "likes" ADD CONSTRAINT "likes_remote_post_id_remote_posts_id_fk" FOREIGN KEY ("remote_post_id") REFERENCES "public"."remote_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_target_id_actors_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_actors_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_from_actor_id_actors_id_fk" FOREIGN KEY ("from_actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_remote_post_id_remote_posts_id_fk" FOREIGN KEY ("remote_post_id") REFERENCES "public"."remote_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_actors_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_target_id_actors_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shares" ADD CONSTRAINT "shares_remote_post_id_remote_posts_id_fk" FOREIGN KEY ("remote_post_id") REFERENCES "public"."remote_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_tokens_user_idx" ON "access_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "entry_mentions_actor_idx" ON "entry_mentions" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "remote_post_recipients_actor_idx" ON "remote_post_recipients" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "blocks_target_idx" ON "blocks" USING btree ("target_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bookmarks_actor_entry_key" ON "bookmarks" USING btree ("actor_id","entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bookmarks_actor_remote_key" ON "bookmarks" USING btree ("actor_id","remote_post_id");--> statement-breakpoint
CREATE INDEX "bookmarks_actor_created_idx" ON "bookmarks" USING btree ("actor_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "likes_actor_entry_key" ON "likes" USING btree ("actor_id","entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "likes_actor_remote_key" ON "likes" USING btree ("actor_id","remote_post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "likes_uri_key" ON "likes" USING btree ("uri");--> statement-breakpoint
CREATE INDEX "likes_entry_idx" ON "likes" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "likes_remote_idx" ON "likes" USING btree ("remote_post_id");--> statement-breakpoint
CREATE INDEX "likes_actor_created_idx" ON "likes" USING btree ("actor_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" USING btree ("recipient_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("recipient_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "reports_open_idx" ON "reports" USING btree ("created_at") WHERE "reports"."resolved_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "shares_actor_entry_key" ON "shares" USING btree ("actor_id","entry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shares_actor_remote_key" ON "shares" USING btree ("actor_id","remote_post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shares_uri_key" ON "shares" USING btree ("uri");--> statement-breakpoint
CREATE INDEX "shares_entry_idx" ON "shares" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "shares_remote_idx" ON "shares" USING btree ("remote_post_id");--> statement-breakpoint
CREATE INDEX "shares_actor_created_idx" ON "shares" USING btree ("actor_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "entries_in_reply_to_entry_idx" ON "entries" USING btree ("in_reply_to_entry_id");--> statement-breakpoint
CREATE INDEX "entries_in_reply_to_remote_idx" ON "entries" USING btree ("in_reply_to_remote_id");--> statement-breakpoint
CREATE INDEX "entries_conversation_idx" ON "entries" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "remote_posts_in_reply_to_entry_idx" ON "remote_posts" USING btree ("in_reply_to_entry_id");--> statement-breakpoint
CREATE INDEX "remote_posts_in_reply_to_remote_idx" ON "remote_posts" USING btree ("in_reply_to_remote_id");--> statement-breakpoint
CREATE INDEX "remote_posts_in_reply_to_uri_idx" ON "remote_posts" USING btree ("in_reply_to_uri");--> statement-breakpoint
CREATE INDEX "remote_posts_conversation_idx" ON "remote_posts" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "remote_posts_published_idx" ON "remote_posts" USING btree ("published_at" desc,"id");--> statement-breakpoint
CREATE INDEX "remote_posts_at_idx" ON "remote_posts" USING btree (coalesce("published_at", "received_at") desc nulls last,"id" desc nulls last);