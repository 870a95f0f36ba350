import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";

/** PostgreSQL's text-search document; written only by `refreshEntrySearch`. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const ENTRY_KINDS = ["note", "article", "link", "photo", "audio", "video"] as const;
export const ENTRY_PROMPTS = [
  "working-on",
  "learning",
  "connected",
  "inspired",
  "helped-by",
  "reflection",
] as const;
export const AUDIENCES = ["public", "unlisted", "followers", "private"] as const;
/** Entries may also be direct: only the author and the actors they mention (entry_mentions). */
export const ENTRY_AUDIENCES = [...AUDIENCES, "direct"] as const;
/** processing: asked to publish, waiting for its media to be ready (src/domain/media). */
export const ENTRY_STATUSES = ["draft", "scheduled", "processing", "published"] as const;

export const entries = pgTable(
  "entries",
  {
    id: uuid("id").primaryKey(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ENTRY_KINDS }).notNull().default("note"),
    prompt: text("prompt", { enum: ENTRY_PROMPTS }),
    title: text("title").notNull().default(""),
    bodyMarkdown: text("body_markdown").notNull().default(""),
    /** Sanitized HTML rendered from bodyMarkdown when the entry was saved. */
    bodyHtml: text("body_html").notNull().default(""),
    linkUrl: text("link_url"),
    contentWarning: text("content_warning").notNull().default(""),
    language: text("language").notNull().default("en"),
    audience: text("audience", { enum: ENTRY_AUDIENCES }).notNull().default("public"),
    /** The entry answers another post: a local entry or a remote post (at most one is set). */
    inReplyToEntryId: uuid("in_reply_to_entry_id"),
    inReplyToRemoteId: uuid("in_reply_to_remote_id"),
    /** The thread's root post id (an entry's or remote post's); itself for a root. */
    conversationId: uuid("conversation_id"),
    /** A reply marked as a question; the root entry's author may accept one answer. */
    isQuestion: boolean("is_question").notNull().default(false),
    /** The accepted answer's id (an entry or a remote post), for a question. */
    acceptedAnswerId: uuid("accepted_answer_id"),
    /** Media should be hidden behind a warning (Mastodon's `sensitive`). */
    sensitive: boolean("sensitive").notNull().default(false),
    status: text("status", { enum: ENTRY_STATUSES }).notNull().default("draft"),
    /** When a scheduled entry goes out. */
    scheduledAt: ts("scheduled_at"),
    publishedAt: ts("published_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Weighted words for search: title A, tags B, body, media text C (src/domain/search). */
    search: tsvector("search"),
    /**
     * The `entry_tags` keys, kept beside them (entries/store.ts) so one GIN
     * index finds tagged entries and the planner can combine it with the
     * date and text indexes (`#design after:2026-01`).
     */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /**
     * The tags as numbers (migration 0018), kept by PostgreSQL: small enough
     * for the indexes of publication times below to carry, so a walk of the
     * newest entries tests a tag without reading the rows without it
     * (src/domain/search/pages.ts). Tag names would not fit an index row.
     */
    tagHashes: integer("tag_hashes")
      .array()
      .notNull()
      .generatedAlwaysAs(sql`outloud_tag_hashes(tags)`),
  },
  (t) => [
    index("entries_search_idx").using("gin", t.search),
    index("entries_tags_idx").using("gin", t.tags),
    index("entries_author_published_idx").on(t.authorId, t.publishedAt.desc(), t.id.desc()),
    // Search results for members, newest first (src/domain/search/pages.ts).
    index("entries_published_idx")
      .on(t.publishedAt.desc(), t.id.desc(), t.tagHashes)
      .where(sql`${t.status} = 'published'`),
    index("entries_in_reply_to_entry_idx").on(t.inReplyToEntryId),
    index("entries_in_reply_to_remote_idx").on(t.inReplyToRemoteId),
    index("entries_conversation_idx").on(t.conversationId),
    index("entries_published_public_idx")
      .on(t.publishedAt.desc(), t.id.desc(), t.tagHashes)
      .where(sql`${t.status} = 'published' and ${t.audience} = 'public'`),
    // Search operators no other index serves, each newest first
    // (src/domain/search/conditions.ts): matching few entries, they read
    // every entry without one. At a million entries, none of them photos
    // or French, `kind:photo` took 1.1 s, `lang:fr` 1.8 s, `has:link` 4.2 s.
    index("entries_kind_published_idx").on(t.kind, t.publishedAt.desc(), t.id.desc()),
    index("entries_language_published_idx").on(
      sql`lower(split_part(${t.language}, '-', 1))`,
      t.publishedAt.desc(),
      t.id.desc(),
    ),
    index("entries_questions_published_idx")
      .on(t.publishedAt.desc(), t.id.desc())
      .where(sql`${t.isQuestion}`),
    index("entries_links_published_idx")
      .on(t.publishedAt.desc(), t.id.desc())
      .where(sql`${t.linkUrl} is not null or ${t.bodyHtml} like '%href="http%'`),
  ],
);

/** Earlier versions of an entry, written each time it is edited. */
export const entryVersions = pgTable(
  "entry_versions",
  {
    id: uuid("id").primaryKey(),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    bodyMarkdown: text("body_markdown").notNull(),
    bodyHtml: text("body_html").notNull(),
    contentWarning: text("content_warning").notNull(),
    tags: text("tags").array().notNull(),
    /** When this version stopped being current. */
    replacedAt: ts("replaced_at").notNull().defaultNow(),
  },
  (t) => [index("entry_versions_entry_idx").on(t.entryId, t.version)],
);

export const entryTags = pgTable(
  "entry_tags",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    /** Lower-cased name used for lookups and URLs. */
    tag: text("tag").notNull(),
    /** The spelling the author used (#LearningDesign). */
    display: text("display").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.tag] }),
    index("entry_tags_tag_idx").on(t.tag),
    // Tags "like" a search word (src/domain/search); pg_trgm comes from a migration.
    index("entry_tags_tag_trgm_idx").using("gin", t.tag.op("gin_trgm_ops")),
  ],
);

/**
 * Every tag name an entry has used, once: search suggests tags from this
 * short list instead of reading every use of a common tag (222,000 uses of
 * one tag at a million entries). A trigger on entry_tags adds names
 * (migration 0015); a name no longer used stays, and is suggested to no one,
 * as suggestions count the uses the viewer may see (src/domain/search).
 */
export const tagNames = pgTable(
  "tag_names",
  {
    /** Lower-cased, as entry_tags.tag. */
    tag: text("tag").primaryKey(),
  },
  (t) => [index("tag_names_trgm_idx").using("gin", t.tag.op("gin_trgm_ops"))],
);

/** Actors an entry mentions; for a direct entry, exactly who may read it besides the author. */
export const entryMentions = pgTable(
  "entry_mentions",
  {
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.actorId] }),
    index("entry_mentions_actor_idx").on(t.actorId),
  ],
);
