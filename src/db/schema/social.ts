import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { actors, users } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";
import { entries } from "./entries.ts";
import { remotePosts } from "./federation.ts";

/**
 * Likes, shares and bookmarks point at a post: a local entry or a remote post.
 * Exactly one of the two columns is set (a check constraint says so).
 */
function postTarget() {
  return {
    entryId: uuid("entry_id").references(() => entries.id, { onDelete: "cascade" }),
    remotePostId: uuid("remote_post_id").references(() => remotePosts.id, { onDelete: "cascade" }),
  };
}
const oneTarget = (name: string) =>
  check(name, sql`(entry_id is null) <> (remote_post_id is null)`);

/** A like (ActivityPub `Like`, Mastodon "favourite") by a local or remote actor. */
export const likes = pgTable(
  "likes",
  {
    id: uuid("id").primaryKey(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    ...postTarget(),
    /** The `Like` activity's id (ours or the remote one), for Undo. */
    uri: text("uri"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    oneTarget("likes_one_target"),
    uniqueIndex("likes_actor_entry_key").on(t.actorId, t.entryId),
    uniqueIndex("likes_actor_remote_key").on(t.actorId, t.remotePostId),
    uniqueIndex("likes_uri_key").on(t.uri),
    index("likes_entry_idx").on(t.entryId),
    index("likes_remote_idx").on(t.remotePostId),
    // A member's favourites, newest first (GET /api/v1/favourites).
    index("likes_actor_created_idx").on(t.actorId, t.createdAt.desc(), t.id.desc()),
  ],
);

/** A share (ActivityPub `Announce`, Mastodon "reblog"); its id is the reblog's status id. */
export const shares = pgTable(
  "shares",
  {
    id: uuid("id").primaryKey(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    ...postTarget(),
    /** public, unlisted or followers: who sees the share in timelines. */
    audience: text("audience", { enum: ["public", "unlisted", "followers"] })
      .notNull()
      .default("public"),
    /** The `Announce` activity's id (ours or the remote one), for Undo. */
    uri: text("uri"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    oneTarget("shares_one_target"),
    uniqueIndex("shares_actor_entry_key").on(t.actorId, t.entryId),
    uniqueIndex("shares_actor_remote_key").on(t.actorId, t.remotePostId),
    uniqueIndex("shares_uri_key").on(t.uri),
    index("shares_entry_idx").on(t.entryId),
    index("shares_remote_idx").on(t.remotePostId),
    index("shares_actor_created_idx").on(t.actorId, t.createdAt.desc()),
  ],
);

/** A member's private bookmark of a post. */
export const bookmarks = pgTable(
  "bookmarks",
  {
    id: uuid("id").primaryKey(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    ...postTarget(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    oneTarget("bookmarks_one_target"),
    uniqueIndex("bookmarks_actor_entry_key").on(t.actorId, t.entryId),
    uniqueIndex("bookmarks_actor_remote_key").on(t.actorId, t.remotePostId),
    // A member's bookmarks, newest first (GET /api/v1/bookmarks).
    index("bookmarks_actor_created_idx").on(t.actorId, t.createdAt.desc(), t.id.desc()),
  ],
);

export const NOTIFICATION_TYPES = [
  "follow",
  "follow_request",
  "reply",
  "mention",
  "question",
  "answer_accepted",
  "like",
  "share",
  "coach",
  "report",
  "move",
] as const;

/** Something that happened to a local member, shown on /notifications and in the API. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    type: text("type", { enum: NOTIFICATION_TYPES }).notNull(),
    /** Who did it (absent for the coach). */
    fromActorId: uuid("from_actor_id").references(() => actors.id, { onDelete: "cascade" }),
    /** The post it is about: the member's entry, or the remote post (reply, mention). */
    entryId: uuid("entry_id").references(() => entries.id, { onDelete: "cascade" }),
    remotePostId: uuid("remote_post_id").references(() => remotePosts.id, { onDelete: "cascade" }),
    /** Extra facts (coach findings, a report id…). */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    /** Makes delivery idempotent: the same event (activity id…) notifies once. */
    dedupeKey: text("dedupe_key"),
    readAt: ts("read_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("notifications_recipient_idx").on(t.recipientId, t.id.desc()),
    uniqueIndex("notifications_dedupe_key").on(t.recipientId, t.dedupeKey),
    index("notifications_unread_idx").on(t.recipientId).where(sql`${t.readAt} is null`),
  ],
);

/** `actorId` blocks `targetId`: neither sees the other's posts; follows between them end. */
export const blocks = pgTable(
  "blocks",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    targetId: uuid("target_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** The `Block` activity's id. */
    uri: text("uri"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.actorId, t.targetId] }),
    index("blocks_target_idx").on(t.targetId),
  ],
);

/** `actorId` mutes `targetId`: their posts (and optionally notifications) are hidden. */
export const mutes = pgTable(
  "mutes",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    targetId: uuid("target_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    hideNotifications: boolean("hide_notifications").notNull().default(true),
    expiresAt: ts("expires_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.targetId] })],
);

/** Servers the admin blocked: their activities are dropped before parsing. */
export const domainBlocks = pgTable("domain_blocks", {
  /** Lower-case host name. */
  domain: text("domain").primaryKey(),
  reason: text("reason").notNull().default(""),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: ts("created_at").notNull().defaultNow(),
});

/** A report to the admin (from a member, or a remote `Flag`). */
export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey(),
    /** Who reported (a local member or a remote actor); null for an anonymous Flag. */
    reporterId: uuid("reporter_id").references(() => actors.id, { onDelete: "set null" }),
    targetId: uuid("target_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** The reported posts' ids (entries or remote posts). */
    postIds: uuid("post_ids").array().notNull().default([]),
    comment: text("comment").notNull().default(""),
    /** The `Flag` activity's id, for a report from another server. */
    uri: text("uri").unique(),
    createdAt: ts("created_at").notNull().defaultNow(),
    resolvedAt: ts("resolved_at"),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("reports_open_idx").on(t.createdAt).where(sql`${t.resolvedAt} is null`)],
);
