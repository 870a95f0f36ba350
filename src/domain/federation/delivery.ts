import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { actors } from "../../db/schema/accounts.ts";
import { entryTombstones, federatedEntries } from "../../db/schema/federation.ts";
import type { Ctx } from "../context.ts";
import type { EntryView } from "../entries/view-model.ts";
import { entryForViewer } from "../entries/views.ts";
import { DomainError } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { Viewer } from "../viewer.ts";
import type { RemoteRecipient } from "./follows.ts";
import { isFederated } from "./outgoing.ts";
import {
  distinctRecipients,
  type EntryReferences,
  NO_REFERENCES,
  referencesOf,
} from "./references.ts";

const recipientSchema = z.object({
  uri: z.string(),
  inboxUrl: z.string(),
  sharedInboxUrl: z.string().nullable(),
});

const payloadSchema = z.object({
  entryId: z.string().refine(isUuid),
  authorId: z.string().refine(isUuid),
  removal: z.object({ direct: z.boolean(), recipients: z.array(recipientSchema) }).optional(),
});

/** What one delivery job must send, decided from the entry's state when it runs. */
export type DeliveryPlan =
  | { action: "none" }
  | {
      action: "create" | "update" | "delete";
      entryId: string;
      authorId: string;
      authorHandle: string;
      /** Absent for "delete". */
      entry: EntryView | null;
      /** Its parent, mentions and flags (for a deleted entry: none). */
      references: EntryReferences;
      /** Addressed to the mentioned actors only (never Public, never followers). */
      direct: boolean;
      /** Mentioned actors and the replied-to author; followers come in batches beside them. */
      addressees: RemoteRecipient[];
      /** Whether the author's remote followers receive it too (all but direct entries). */
      toFollowers: boolean;
    };

export async function planEntryDelivery(ctx: Ctx, raw: unknown): Promise<DeliveryPlan> {
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success) return { action: "none" };
  const { entryId, authorId, removal } = parsed.data;
  const [author] = await ctx.db
    .select({ handle: actors.handle })
    .from(actors)
    .where(eq(actors.id, authorId));
  if (!author) return { action: "none" };
  // Read as the author: what matters is the entry's own state, not a visitor's view.
  const entry = await entryForFederation(ctx, { actorId: authorId }, author.handle, entryId);
  const [sent] = await ctx.db
    .select({ id: federatedEntries.entryId })
    .from(federatedEntries)
    .where(eq(federatedEntries.entryId, entryId));
  const live = entry !== null;
  if (!live && !sent) return { action: "none" };
  const action = live ? (sent ? "update" : "create") : "delete";
  // A deleted entry's addressees were read when it was deleted; else they are read now.
  const references = removal ? { ...NO_REFERENCES, ...removal } : await referencesOf(ctx, entryId);
  const direct = removal ? removal.direct : entry?.audience === "direct";
  return {
    action,
    entryId,
    authorId,
    authorHandle: author.handle,
    entry: live ? entry : null,
    references,
    direct,
    addressees: distinctRecipients(references.recipients),
    toFollowers: !direct,
  };
}

/** Records the outcome once the activities are queued for delivery. */
export async function recordEntryDelivery(ctx: Ctx, plan: DeliveryPlan) {
  if (plan.action === "none") return;
  if (plan.action === "delete") {
    await ctx.db.delete(federatedEntries).where(eq(federatedEntries.entryId, plan.entryId));
    return;
  }
  await ctx.db
    .insert(federatedEntries)
    .values({ entryId: plan.entryId, authorId: plan.authorId, firstSentAt: ctx.now() })
    .onConflictDoNothing();
}

/** Whether a deleted entry of this author once lived at this id (410 Gone). */
export async function entryTombstone(ctx: Ctx, handle: string, entryId: string) {
  if (!isUuid(entryId)) return null;
  const [row] = await ctx.db
    .select({ deletedAt: entryTombstones.deletedAt })
    .from(entryTombstones)
    .innerJoin(actors, eq(actors.id, entryTombstones.authorId))
    .where(
      and(
        eq(entryTombstones.entryId, entryId),
        isNull(actors.host),
        sql`lower(${actors.handle}) = lower(${handle})`,
      ),
    );
  return row ?? null;
}

/**
 * An entry as ActivityPub serves it to `viewer` (through `entryVisibleTo`,
 * like every channel), or null: private entries, drafts and scheduled ones
 * are never federated, whoever asks.
 */
export async function entryForFederation(
  ctx: Ctx,
  viewer: Viewer,
  handle: string,
  entryId: string,
): Promise<EntryView | null> {
  try {
    const entry = await entryForViewer(ctx, viewer, handle, entryId);
    return isFederated(entry) ? entry : null;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
