import { and, eq, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { entryTombstones, federatedEntries } from "../../db/schema/federation.ts";
import { enqueue } from "../../jobs/queue.ts";
import type { TxCtx } from "../context.ts";

/** The job that sends an entry's Create, Update or Delete to remote followers. */
export const DELIVER_ENTRY_JOB = "federation-deliver-entry";

export interface DeliverEntryPayload {
  entryId: string;
  authorId: string;
}

/** Whether an entry in this state goes to other servers at all. */
export function isFederated(entry: { status: string; audience: string }): boolean {
  return entry.status === "published" && entry.audience !== "private";
}

async function wasSent(tx: TxCtx, entryId: string): Promise<boolean> {
  const rows = await tx.db
    .select({ id: federatedEntries.entryId })
    .from(federatedEntries)
    .where(eq(federatedEntries.entryId, entryId));
  return rows.length > 0;
}

/** Whether anyone on another server follows the author (else there is no one to tell). */
async function hasRemoteFollowers(tx: TxCtx, authorId: string): Promise<boolean> {
  const rows = await tx.db.execute(sql`select 1 from follows f join actors a on a.id = f.follower_id
    where f.followed_id = ${authorId} and f.state = 'accepted' and a.host is not null limit 1`);
  return rows.length > 0;
}

/** Whether a change to this entry must be told to other servers. */
async function mustDeliver(tx: TxCtx, entryId: string, authorId: string, federated: boolean) {
  if (await wasSent(tx, entryId)) return true;
  return federated && (await hasRemoteFollowers(tx, authorId));
}

/**
 * Call after an entry was written (created, published, edited): queues its
 * delivery in the same transaction when it is federated now (and someone
 * elsewhere follows its author) or was sent before (an entry made private is
 * deleted remotely). The job decides, when it
 * runs, whether that is a Create, an Update or a Delete.
 */
export async function queueEntryFederation(tx: TxCtx, entryId: string): Promise<void> {
  const [entry] = await tx.db
    .select({ status: entries.status, audience: entries.audience, authorId: entries.authorId })
    .from(entries)
    .where(eq(entries.id, entryId));
  if (!entry) return;
  if (!(await mustDeliver(tx, entryId, entry.authorId, isFederated(entry)))) return;
  const payload: DeliverEntryPayload = { entryId, authorId: entry.authorId };
  await enqueue(tx.db, DELIVER_ENTRY_JOB, payload);
}

/**
 * Call in the deleting transaction, before the row goes: a published entry
 * leaves a tombstone (its object URL answers 410 Gone), and its `Delete` is
 * queued when it had gone out to other servers.
 */
export async function queueEntryRemoval(
  tx: TxCtx,
  entryId: string,
  authorId: string,
): Promise<void> {
  const [entry] = await tx.db
    .select({ status: entries.status, audience: entries.audience })
    .from(entries)
    .where(and(eq(entries.id, entryId), eq(entries.authorId, authorId)));
  if (!entry) return;
  if (entry.status === "published") {
    await tx.db
      .insert(entryTombstones)
      .values({ entryId, authorId, deletedAt: tx.now() })
      .onConflictDoNothing();
  }
  if (await mustDeliver(tx, entryId, authorId, isFederated(entry))) {
    const payload: DeliverEntryPayload = { entryId, authorId };
    await enqueue(tx.db, DELIVER_ENTRY_JOB, payload);
  }
}
