import { integer, pgTable, uuid } from "drizzle-orm/pg-core";
import { actors } from "./accounts.ts";
import { timestamptz as ts } from "./columns.ts";

/**
 * Per-actor counts the client API shows on every Account (Mastodon's
 * `statuses_count`, `last_status_at`, `followers_count`, `following_count`),
 * kept so a timeline page does not count posts per author per request.
 *
 * Written ONLY by PostgreSQL triggers (migration `actor_stats_triggers`):
 * every insert, update and delete of `entries`, `remote_posts` and `follows`
 * — cascades from a deleted actor included — adjusts these rows in the same
 * transaction, whichever code path made the change. Never write them from
 * TypeScript. test/api-actor-stats.test.ts recounts them from scratch.
 */
export const actorStats = pgTable("actor_stats", {
  actorId: uuid("actor_id")
    .primaryKey()
    .references(() => actors.id, { onDelete: "cascade" }),
  /** Published public and unlisted posts: what anyone may reach, shown to everyone. */
  statusesCount: integer("statuses_count").notNull().default(0),
  lastStatusAt: ts("last_status_at"),
  /** Every published post, whatever its audience: shown to the author alone. */
  allStatusesCount: integer("all_statuses_count").notNull().default(0),
  allLastStatusAt: ts("all_last_status_at"),
  /** Accepted follows. */
  followersCount: integer("followers_count").notNull().default(0),
  followingCount: integer("following_count").notNull().default(0),
});
