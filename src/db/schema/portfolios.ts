import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";
import { AUDIENCES, entries } from "./entries.ts";

export const PORTFOLIO_LAYOUTS = ["grid", "story", "timeline"] as const;
export const TAG_TYPES = ["skill", "topic", "method"] as const;

/** A curated showcase of a member's entries, with its own audience. */
export const portfolios = pgTable(
  "portfolios",
  {
    id: uuid("id").primaryKey(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    introMarkdown: text("intro_markdown").notNull().default(""),
    /** Sanitized HTML rendered from introMarkdown when saved. */
    introHtml: text("intro_html").notNull().default(""),
    /** Storage key of the cover image, or null. */
    coverKey: text("cover_key"),
    coverAlt: text("cover_alt").notNull().default(""),
    coverWidth: integer("cover_width"),
    coverHeight: integer("cover_height"),
    layout: text("layout", { enum: PORTFOLIO_LAYOUTS }).notNull().default("story"),
    audience: text("audience", { enum: AUDIENCES }).notNull().default("private"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("portfolios_owner_slug_key").on(t.ownerId, sql`lower(${t.slug})`),
    index("portfolios_owner_idx").on(t.ownerId, t.createdAt),
  ],
);

export const portfolioSections = pgTable(
  "portfolio_sections",
  {
    id: uuid("id").primaryKey(),
    portfolioId: uuid("portfolio_id")
      .notNull()
      .references(() => portfolios.id, { onDelete: "cascade" }),
    title: text("title").notNull().default(""),
    position: integer("position").notNull(),
  },
  (t) => [index("portfolio_sections_order_idx").on(t.portfolioId, t.position)],
);

/** An entry shown in a portfolio section, with the member's caption. */
export const portfolioItems = pgTable(
  "portfolio_items",
  {
    id: uuid("id").primaryKey(),
    portfolioId: uuid("portfolio_id")
      .notNull()
      .references(() => portfolios.id, { onDelete: "cascade" }),
    sectionId: uuid("section_id")
      .notNull()
      .references(() => portfolioSections.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    captionMarkdown: text("caption_markdown").notNull().default(""),
    captionHtml: text("caption_html").notNull().default(""),
    position: integer("position").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("portfolio_items_entry_key").on(t.portfolioId, t.entryId),
    index("portfolio_items_order_idx").on(t.sectionId, t.position),
    index("portfolio_items_entry_idx").on(t.entryId),
  ],
);

/** An unguessable, revocable, optionally expiring link to one portfolio. */
export const portfolioShareLinks = pgTable(
  "portfolio_share_links",
  {
    id: uuid("id").primaryKey(),
    portfolioId: uuid("portfolio_id")
      .notNull()
      .references(() => portfolios.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    /** SHA-256 of the token: the database never holds a usable link. */
    tokenHash: text("token_hash").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
    viewCount: integer("view_count").notNull().default(0),
    lastViewedAt: ts("last_viewed_at"),
  },
  (t) => [
    uniqueIndex("portfolio_share_links_token_key").on(t.tokenHash),
    index("portfolio_share_links_portfolio_idx").on(t.portfolioId),
  ],
);

/** Entries a member pins to the top of their profile (at most five). */
export const pinnedEntries = pgTable(
  "pinned_entries",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    pinnedAt: ts("pinned_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.actorId, t.entryId] }),
    index("pinned_entries_entry_idx").on(t.entryId),
  ],
);

/** Something a member wants to show, backed by entries as evidence. */
export const skills = pgTable(
  "skills",
  {
    id: uuid("id").primaryKey(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** A framework reference such as an ESCO URI, or null. */
    frameworkUri: text("framework_uri"),
    /** The tag (lookup form) whose entries are offered as evidence, or null. */
    tag: text("tag"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("skills_owner_slug_key").on(t.ownerId, sql`lower(${t.slug})`),
    index("skills_owner_idx").on(t.ownerId),
  ],
);

export const skillEvidence = pgTable(
  "skill_evidence",
  {
    skillId: uuid("skill_id")
      .notNull()
      .references(() => skills.id, { onDelete: "cascade" }),
    entryId: uuid("entry_id")
      .notNull()
      .references(() => entries.id, { onDelete: "cascade" }),
    note: text("note").notNull().default(""),
    addedAt: ts("added_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.skillId, t.entryId] }),
    index("skill_evidence_entry_idx").on(t.entryId),
  ],
);

/** A self-rating (1–5) at one moment: the history shows growth. */
export const skillRatings = pgTable(
  "skill_ratings",
  {
    id: uuid("id").primaryKey(),
    skillId: uuid("skill_id")
      .notNull()
      .references(() => skills.id, { onDelete: "cascade" }),
    rating: smallint("rating").notNull(),
    note: text("note").notNull().default(""),
    ratedAt: ts("rated_at").notNull().defaultNow(),
  },
  (t) => [
    index("skill_ratings_skill_idx").on(t.skillId, t.ratedAt),
    check("skill_ratings_rating_range", sql`${t.rating} between 1 and 5`),
  ],
);

/** How a member classifies one of their tags: skill, topic or method. */
export const tagTypes = pgTable(
  "tag_types",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** Lookup form (lower-cased). */
    tag: text("tag").notNull(),
    type: text("type", { enum: TAG_TYPES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.tag] })],
);
