import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";

/** Fedify's key-value store (caches, idempotence marks); keys are string arrays. */
export const federationKv = pgTable(
  "federation_kv",
  {
    key: text("key").array().primaryKey(),
    value: jsonb("value").notNull(),
    /** null: kept until deleted. Expired rows read as absent and are swept lazily. */
    expiresAt: ts("expires_at"),
  },
  (t) => [index("federation_kv_expires_idx").on(t.expiresAt)],
);

/** A local actor's signing keys, generated once per algorithm and kept (JWK). */
export const actorKeys = pgTable(
  "actor_keys",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** "RSASSA-PKCS1-v1_5" or "Ed25519". */
    algorithm: text("algorithm").notNull(),
    privateKey: jsonb("private_key").notNull(),
    publicKey: jsonb("public_key").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.algorithm] })],
);

/** Local entries announced to other servers (a later change sends Update or Delete). */
export const federatedEntries = pgTable("federated_entries", {
  entryId: uuid("entry_id").primaryKey(),
  authorId: uuid("author_id")
    .notNull()
    .references(() => actors.id, { onDelete: "cascade" }),
  firstSentAt: ts("first_sent_at").notNull().defaultNow(),
});

/** Deleted entries: their object URLs answer 410 Gone to ActivityPub fetches. */
export const entryTombstones = pgTable("entry_tombstones", {
  entryId: uuid("entry_id").primaryKey(),
  authorId: uuid("author_id")
    .notNull()
    .references(() => actors.id, { onDelete: "cascade" }),
  deletedAt: ts("deleted_at").notNull().defaultNow(),
});

/** Posts by remote actors delivered to this server (Create/Update; gone on Delete). */
/** PostgreSQL's text-search document; written with the row by `storeRemotePost` (`remotePostDocumentFor`). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const remotePosts = pgTable(
  "remote_posts",
  {
    id: uuid("id").primaryKey(),
    /** The object's ActivityPub id. */
    uri: text("uri").notNull().unique(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** "Note", "Article", … */
    type: text("type").notNull(),
    url: text("url"),
    name: text("name").notNull().default(""),
    summary: text("summary").notNull().default(""),
    /** Sanitized HTML of the object's content. */
    contentHtml: text("content_html").notNull().default(""),
    sensitive: boolean("sensitive").notNull().default(false),
    /** "public", "unlisted", "followers" or "direct", read from to/cc. */
    audience: text("audience").notNull(),
    publishedAt: ts("published_at"),
    updatedAt: ts("updated_at"),
    receivedAt: ts("received_at").notNull().defaultNow(),
    language: text("language"),
    /** Attachments as the remote server described them (URLs are remote; shown via the guard). */
    attachments: jsonb("attachments").$type<RemoteAttachment[]>().notNull().default([]),
    /** Hashtag names (lower case, without #). */
    tags: text("tags").array().notNull().default([]),
    /** What it replies to: always the URI, and the post here when we have it. */
    inReplyToUri: text("in_reply_to_uri"),
    inReplyToEntryId: uuid("in_reply_to_entry_id"),
    inReplyToRemoteId: uuid("in_reply_to_remote_id"),
    /** The thread's root post id (entry or remote post), when known. */
    conversationId: uuid("conversation_id"),
    isQuestion: boolean("is_question").notNull().default(false),
    acceptedAnswerId: uuid("accepted_answer_id"),
    /** Weighted words for search: name A, tags B, content and summary C (src/domain/search). */
    search: tsvector("search"),
  },
  (t) => [
    index("remote_posts_author_idx").on(t.authorId, sql`${t.publishedAt} desc`),
    index("remote_posts_in_reply_to_entry_idx").on(t.inReplyToEntryId),
    index("remote_posts_in_reply_to_remote_idx").on(t.inReplyToRemoteId),
    index("remote_posts_in_reply_to_uri_idx").on(t.inReplyToUri),
    index("remote_posts_conversation_idx").on(t.conversationId),
    index("remote_posts_search_idx").using("gin", t.search),
    index("remote_posts_tags_idx").using("gin", t.tags),
    index("remote_posts_published_idx").on(sql`${t.publishedAt} desc`, t.id),
    // Timelines order remote posts by when they were written, else received (src/domain/api).
    index("remote_posts_at_idx").on(
      sql`coalesce(${t.publishedAt}, ${t.receivedAt}) desc nulls last`,
      sql`${t.id} desc nulls last`,
    ),
    // Search operators no other index serves, as on entries (src/domain/search/remote-conditions.ts).
    index("remote_posts_language_at_idx").on(
      sql`lower(split_part(${t.language}, '-', 1))`,
      sql`coalesce(${t.publishedAt}, ${t.receivedAt}) desc nulls last`,
      sql`${t.id} desc nulls last`,
    ),
    index("remote_posts_links_at_idx")
      .on(
        sql`coalesce(${t.publishedAt}, ${t.receivedAt}) desc nulls last`,
        sql`${t.id} desc nulls last`,
      )
      .where(sql`${t.contentHtml} like '%href="http%'`),
    index("remote_posts_media_at_idx")
      .on(
        sql`coalesce(${t.publishedAt}, ${t.receivedAt}) desc nulls last`,
        sql`${t.id} desc nulls last`,
      )
      .where(sql`jsonb_array_length(${t.attachments}) > 0`),
  ],
);

/** A remote post's attachment, as received. */
export interface RemoteAttachment {
  type: "image" | "video" | "audio" | "document";
  url: string;
  mediaType: string | null;
  name: string;
  width: number | null;
  height: number | null;
  blurhash: string | null;
  /** Where to crop around, x and y in -1..1 (Mastodon's `focalPoint`); absent in older rows. */
  focalPoint?: [number, number] | null;
}

/** Local actors a remote post addressed (to/cc/mentions): who may read a direct one. */
export const remotePostRecipients = pgTable(
  "remote_post_recipients",
  {
    remotePostId: uuid("remote_post_id")
      .notNull()
      .references(() => remotePosts.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.remotePostId, t.actorId] }),
    index("remote_post_recipients_actor_idx").on(t.actorId),
  ],
);
