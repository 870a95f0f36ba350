import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Ctx } from "../context.ts";
import type { RemoteRecipient } from "./follows.ts";
import { enqueueingWith } from "./queue.ts";

/**
 * How many delivery inboxes (shared inboxes, or personal ones for servers
 * without) one batch covers: each batch is one transaction that writes one
 * delivery message per inbox. Bounded memory whatever the follower count
 * (a message is a few kB). Fedify signs the activity again for each batch
 * (a JSON-LD signature: tens of milliseconds of CPU), so batches are large,
 * except the first, kept small so that deliveries start at once.
 */
export const DELIVERY_BATCH_INBOXES = 500;
const FIRST_BATCH_INBOXES = 100;

/** Where a delivery job got to, kept in its own payload (so a re-run resumes). */
const progressSchema = z.object({ progress: z.object({ after: z.string() }).optional() });

/** What a delivery expands to: its addressees, then (unless direct) every remote follower. */
export interface DeliveryTargets {
  authorId: string;
  /** Mentioned actors and the replied-to author: sent first, in the first batch. */
  addressees: RemoteRecipient[];
  toFollowers: boolean;
}

/** The inbox a recipient is reached at: its server's shared inbox when it has one. */
const deliveryInbox = (r: RemoteRecipient) => r.sharedInboxUrl ?? r.inboxUrl;

/**
 * The author's accepted remote followers behind the next `limit` delivery
 * inboxes after `after` (in inbox order): a keyset page, so every follower
 * falls in exactly one batch even while the list changes.
 */
export async function followerBatch(
  ctx: Ctx,
  authorId: string,
  after: string,
  limit = DELIVERY_BATCH_INBOXES,
): Promise<{ recipients: RemoteRecipient[]; last: string | null }> {
  const rows = await ctx.db.execute<{
    uri: string;
    inbox_url: string;
    shared_inbox_url: string | null;
    inbox: string;
  }>(sql`
    with followers as (
      select a.uri, a.inbox_url, a.shared_inbox_url,
        coalesce(a.shared_inbox_url, a.inbox_url) as inbox
      from follows f join actors a on a.id = f.follower_id
      where f.followed_id = ${authorId} and f.state = 'accepted'
        and a.host is not null and a.uri is not null and a.inbox_url is not null
    ), page as (
      select distinct inbox from followers where inbox > ${after} order by inbox limit ${limit}
    )
    select uri, inbox_url, shared_inbox_url, inbox from followers
    where inbox in (select inbox from page) order by inbox, uri`);
  const recipients = rows.map((r) => ({
    uri: r.uri,
    inboxUrl: r.inbox_url,
    sharedInboxUrl: r.shared_inbox_url,
  }));
  return { recipients, last: rows.at(-1)?.inbox ?? null };
}

/**
 * The first stage of a fan-out, run by the one job publishing queued: it
 * expands the recipients into per-inbox delivery messages, a batch at a
 * time. `send` (the federation layer: sign, then one message per inbox)
 * runs inside each batch's transaction, which also records how far the job
 * got, so a worker that dies mid-fan-out leaves whole batches behind it and
 * the job, taken again, goes on from the next one.
 */
export async function deliverInBatches(
  ctx: Ctx,
  job: { id: string; payload: unknown },
  targets: DeliveryTargets,
  send: (recipients: RemoteRecipient[]) => Promise<void>,
  batchInboxes = DELIVERY_BATCH_INBOXES,
): Promise<void> {
  const parsed = progressSchema.safeParse(job.payload);
  let after = parsed.success ? (parsed.data.progress?.after ?? null) : null;
  // A plain transaction, not `transactional`: only queue rows change, no page
  // cache anywhere needs telling (ten batches would flush every cache ten times).
  const commit = (recipients: RemoteRecipient[], next: string) =>
    (ctx.db as Db).transaction(async (tx) => {
      if (recipients.length > 0) await enqueueingWith(tx, () => send(recipients));
      // Progress, and a fresh lease: a fan-out longer than one lease is not taken over.
      await tx.execute(sql`update jobs
        set payload = jsonb_set(payload, '{progress}', jsonb_build_object('after', ${next}::text)),
          lease_until = greatest(lease_until, now() + interval '5 minutes')
        where id = ${job.id}`);
    });
  // A follower reached at an addressee's inbox already gets it from there.
  const addressed = new Set(targets.addressees.map(deliveryInbox));
  if (after === null) {
    await commit(targets.addressees, "");
    after = "";
  }
  if (!targets.toFollowers) return;
  for (;;) {
    const size = after === "" ? Math.min(batchInboxes, FIRST_BATCH_INBOXES) : batchInboxes;
    const batch = await followerBatch(ctx, targets.authorId, after, size);
    if (!batch.last) return;
    const fresh = batch.recipients.filter((r) => !addressed.has(deliveryInbox(r)));
    await commit(fresh, batch.last);
    after = batch.last;
  }
}
