import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { timestamptz as ts } from "./columns.ts";

export interface ProfileLink {
  label: string;
  url: string;
}

/** A remote actor's profile field (`PropertyValue`): its name and sanitized value HTML. */
export interface ProfileField {
  name: string;
  valueHtml: string;
}

/** Anyone who can act: today a local member; later remote accounts and groups. */
export const actors = pgTable(
  "actors",
  {
    id: uuid("id").primaryKey(),
    handle: text("handle").notNull(),
    /** null for local actors. */
    host: text("host"),
    displayName: text("display_name").notNull().default(""),
    headline: text("headline").notNull().default(""),
    bioMarkdown: text("bio_markdown").notNull().default(""),
    bioHtml: text("bio_html").notNull().default(""),
    links: jsonb("links").$type<ProfileLink[]>().notNull().default([]),
    /** Storage key of the resized avatar, or null. */
    avatarKey: text("avatar_key"),
    locale: text("locale").notNull().default("en"),
    /** The member chose to appear in /directory and in "people to follow". */
    listedInDirectory: boolean("listed_in_directory").notNull().default(false),
    /** Remote actors only (host set): their ActivityPub id, inboxes and profile page. */
    uri: text("uri"),
    inboxUrl: text("inbox_url"),
    sharedInboxUrl: text("shared_inbox_url"),
    url: text("url"),
    /** Remote actors: their avatar and header image URLs (fetched through the SSRF guard). */
    avatarUrl: text("avatar_url"),
    headerUrl: text("header_url"),
    /** Storage key of a local member's header image, or null. */
    headerKey: text("header_key"),
    /** A locked account: follow requests wait for the member's approval. */
    manuallyApprovesFollowers: boolean("manually_approves_followers").notNull().default(false),
    /** Tags the member features on their profile (ActivityPub `featuredTags`). */
    featuredTags: text("featured_tags").array().notNull().default([]),
    /** The account moved here (a `Move`); its followers were moved along. */
    movedToId: uuid("moved_to_id"),
    /** Other identities of this actor (`alsoKnownAs`), checked before accepting a Move. */
    alsoKnownAs: text("also_known_as").array().notNull().default([]),
    /** Remote actors: their profile fields (`attachment` `PropertyValue`s), value HTML sanitized. */
    profileFields: jsonb("profile_fields").$type<ProfileField[]>().notNull().default([]),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("actors_handle_host_key").on(sql`lower(${t.handle})`, sql`coalesce(${t.host}, '')`),
    uniqueIndex("actors_uri_key").on(t.uri),
    // People search matches handles and names by trigram (src/domain/search).
    index("actors_handle_trgm_idx").using("gin", t.handle.op("gin_trgm_ops")),
    index("actors_display_name_trgm_idx").using("gin", t.displayName.op("gin_trgm_ops")),
    // The search page's people: members here, by handle and name together.
    // One index PostgreSQL uses even while the table is small, where two
    // cost it more than reading every row and testing it (0.7 ms a search).
    index("actors_local_names_trgm_idx")
      .using("gin", sql`(${t.handle} || ' ' || coalesce(${t.displayName}, '')) gin_trgm_ops`)
      .where(sql`${t.host} is null`),
  ],
);

/** A person who signs in to this instance. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "member"] })
      .notNull()
      .default("member"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("users_actor_key").on(t.actorId),
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie token: a database leak does not leak sessions. */
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const invites = pgTable("invites", {
  id: uuid("id").primaryKey(),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  note: text("note").notNull().default(""),
  createdAt: ts("created_at").notNull().defaultNow(),
  expiresAt: ts("expires_at"),
  usedBy: uuid("used_by").references(() => users.id, { onDelete: "set null" }),
  usedAt: ts("used_at"),
});

/** Instance-wide settings the admin changes at run time (registration mode…). */
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** Failed sign-ins, counted per key ("account:…" or "ip:…") to throttle guessing. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    key: text("key").notNull(),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("sign_in_failures_key_at_idx").on(t.key, t.at)],
);

export const follows = pgTable(
  "follows",
  {
    followerId: uuid("follower_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    followedId: uuid("followed_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    state: text("state", { enum: ["pending", "accepted"] })
      .notNull()
      .default("accepted"),
    /** The `Follow` activity's id, when it crossed servers (Accept/Reject name it). */
    uri: text("uri"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.followerId, t.followedId] }),
    index("follows_followed_idx").on(t.followedId),
  ],
);
