import { and, eq, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { entryTombstones, federatedEntries } from "../../db/schema/federation.ts";
import { enqueue } from "../../jobs/queue.ts";
import type { TxCtx } from "../context.ts";
import type { RemoteRecipient } from "./follows.ts";
import { referencesOf } from "./references.ts";

/**
 * The job that sends an entry's Create, Update or Delete to remote followers,
 * the remote actors it mentions and the remote author it replies to.
 */
export const DELIVER_ENTRY_JOB = "federation-deliver-entry";

export interface DeliverEntryPayload {
  entryId: string;
  authorId: string;
  /**
   * Set when the entry is being deleted (its mentions go with it): who must
   * hear of the `Delete` beside followers, and whether it was direct.
   */
  removal?: { direct: boolean; recipients: RemoteRecipient[] };
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

/**
 * Whether a change to this entry must be told to other servers: it went out
 * before, or it is federated and someone elsewhere is to receive it (the
 * author's followers unless it is direct, a mentioned or replied-to actor).
 */
async function mustDeliver(
  tx: TxCtx,
  entry: { id: string; authorId: string; status: string; audience: string },
  remoteAddressees: RemoteRecipient[],
) {
  if (await wasSent(tx, entry.id)) return true;
  if (!isFederated(entry)) return false;
  if (remoteAddressees.length > 0) return true;
  return entry.audience !== "direct" && (await hasRemoteFollowers(tx, entry.authorId));
}

/**
 * Call after an entry was written (created, published, edited), once its
 * mentions and parent are stored: queues its delivery in the same
 * transaction when it is federated now (and someone elsewhere is to receive
 * it) or was sent before (an entry made private is deleted remotely). The
 * job decides, when it runs, whether that is a Create, an Update or a Delete.
 */
export async function queueEntryFederation(tx: TxCtx, entryId: string): Promise<void> {
  const [entry] = await tx.db
    .select({ status: entries.status, audience: entries.audience, authorId: entries.authorId })
    .from(entries)
    .where(eq(entries.id, entryId));
  if (!entry) return;
  const { recipients } = await referencesOf(tx, entryId);
  if (!(await mustDeliver(tx, { id: entryId, ...entry }, recipients))) return;
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
  // Read now: the entry's mentions go with it.
  const { recipients } = await referencesOf(tx, entryId);
  if (await mustDeliver(tx, { id: entryId, authorId, ...entry }, recipients)) {
    const removal = { direct: entry.audience === "direct", recipients };
    const payload: DeliverEntryPayload = { entryId, authorId, removal };
    await enqueue(tx.db, DELIVER_ENTRY_JOB, payload);
  }
}
