import { sql } from "drizzle-orm";
import type { TxCtx } from "./context.ts";

/** The channel live events go out on, to every process (the API's streaming). */
export const STREAM_CHANNEL = "outloud_stream";

/**
 * What happened, by id only: listeners load what they show for their own
 * viewer, through the same authorization as every other read.
 * - post: an entry was published (or a remote post / share arrived) — `update`;
 * - edited: a published entry was edited — `status.update`; when the edit
 *   may have taken it from some who had it (`narrowed`), they hear `delete`;
 * - deleted: a post went — `delete`;
 * - notification: a member was notified.
 */
export type StreamEvent =
  | { kind: "post"; id: string }
  | { kind: "edited"; id: string; narrowed?: NarrowedAudience }
  /** `public`: it was a public post, so public streams may hear of it too (else only followers'). */
  | { kind: "deleted"; id: string; authorId: string; public?: boolean }
  | { kind: "notification"; recipientId: string; id: string };

/**
 * Who may have had an edited post before its edit narrowed who sees it:
 * the author's followers, public streams when it was public (and its tag
 * streams, by its old tags), and the people it no longer mentions.
 */
export interface NarrowedAudience {
  authorId: string;
  wasPublic: boolean;
  /** Its tags before the edit, lower case. */
  tags: string[];
  /** Actors it mentioned before and no longer does. */
  unmentioned: string[];
}

/** Announces an event at commit (NOTIFY is transactional: a rollback sends nothing). */
export async function announceStream(tx: TxCtx, event: StreamEvent): Promise<void> {
  await announceStreams(tx, [event]);
}

/** Announces several events at commit, in one statement. */
export async function announceStreams(tx: TxCtx, events: readonly StreamEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = events.map(
    (event) => sql`pg_notify(${STREAM_CHANNEL}, ${JSON.stringify(event)})`,
  );
  await tx.db.execute(sql`select ${sql.join(payloads, sql`, `)}`);
}
