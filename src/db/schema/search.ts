import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";

/** A member's saved search: its query string, and when they last looked at its results. */
export const savedSearches = pgTable(
  "saved_searches",
  {
    id: uuid("id").primaryKey(),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The canonical query string (src/domain/search/format.ts). */
    query: text("query").notNull(),
    sort: text("sort", { enum: ["recent", "relevance"] })
      .notNull()
      .default("recent"),
    createdAt: ts("created_at").notNull().defaultNow(),
    /** Results published after this are "new since last visit". */
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
  },
  (t) => [index("saved_searches_owner_idx").on(t.ownerId, t.createdAt)],
);
