import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";

/**
 * The literacy coach's rules a member turned off (every rule is on unless a
 * row here says otherwise, so new rules reach everyone).
 */
export const coachDisabledRules = pgTable(
  "coach_disabled_rules",
  {
    actorId: uuid("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.ruleId] })],
);
