import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";

export const REFLECTION_CADENCES = ["daily", "weekly", "off"] as const;

/** A member's prompt rhythm: when to be asked one of the reflection questions. */
export const reflectionSettings = pgTable("reflection_settings", {
  actorId: uuid("actor_id")
    .primaryKey()
    .references(() => actors.id, { onDelete: "cascade" }),
  cadence: text("cadence", { enum: REFLECTION_CADENCES }).notNull().default("off"),
  /** ISO weekday for the weekly cadence: 1 = Monday … 7 = Sunday. */
  weekday: integer("weekday").notNull().default(5),
  /** Local wall-clock time, "HH:MM". */
  localTime: text("local_time").notNull().default("16:00"),
  /** IANA time zone name (Europe/Berlin). */
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Raised by every change: jobs carrying an older version do nothing. */
  version: integer("version").notNull().default(0),
  /** The one occurrence a job is waiting for; a job for any other does nothing. */
  nextAt: ts("next_at"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** An in-app question for one period ("2026-W13" or "2026-03-29"); at most one per period. */
export const reflectionNudges = pgTable(
  "reflection_nudges",
  {
    id: uuid("id").primaryKey(),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    prompt: text("prompt").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    readAt: ts("read_at"),
    dismissedAt: ts("dismissed_at"),
  },
  (t) => [
    uniqueIndex("reflection_nudges_actor_period_key").on(t.actorId, t.period),
    index("reflection_nudges_actor_idx").on(t.actorId, t.createdAt),
  ],
);
