import { sql } from "drizzle-orm";
import type { TxCtx } from "./context.ts";

/** The channel live events go out on, to every process (the API's streaming). */
export const STREAM_CHANNEL = "outloud_stream";

/**
 * What happened, by id only: listeners load what they show for their own
 * viewer, through the same authorization as every other read.
 * - post: an entry was published (or a remote post / share arrived) — `update`;
 * - deleted: a post went — `delete`;
 * - notification: a member was notified.
 */
export type StreamEvent =
  | { kind: "post"; id: string }
  | { kind: "deleted"; id: string; authorId: string }
  | { kind: "notification"; recipientId: string; id: string };

/** Announces an event at commit (NOTIFY is transactional: a rollback sends nothing). */
export async function announceStream(tx: TxCtx, event: StreamEvent): Promise<void> {
  await tx.db.execute(sql`select pg_notify(${STREAM_CHANNEL}, ${JSON.stringify(event)})`);
}
