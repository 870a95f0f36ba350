import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
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
  },
  (t) => [index("remote_posts_author_idx").on(t.authorId, sql`${t.publishedAt} desc`)],
);
