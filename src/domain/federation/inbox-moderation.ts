import { and, eq } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { blocks } from "../../db/schema/social.ts";
import { type Ctx, transactional } from "../context.ts";
import { endFollowsBetween } from "../moderation/blocks.ts";
import { recordRemoteReport } from "../moderation/reports.ts";
import { entryIdOfUri, localActorIds } from "./inbox-targets.ts";

/**
 * A remote actor blocks a member (`Block`): kept as a block (the
 * authorization rules then hide each from the other) and follows between
 * them end, both ways. Repeats are harmless.
 */
export async function receiveBlock(
  ctx: Ctx,
  block: { actorId: string; targetId: string; uri: string | null },
) {
  await transactional(ctx, async (tx) => {
    await tx.db
      .insert(blocks)
      .values({
        actorId: block.actorId,
        targetId: block.targetId,
        uri: block.uri,
        createdAt: tx.now(),
      })
      .onConflictDoUpdate({ target: [blocks.actorId, blocks.targetId], set: { uri: block.uri } });
    await endFollowsBetween(tx, block.actorId, block.targetId);
  });
}

/** `Undo(Block)` by the blocker itself; follows stay ended. */
export async function undoRemoteBlock(ctx: Ctx, actorId: string, targetId: string) {
  await transactional(ctx, async (tx) => {
    await tx.db
      .delete(blocks)
      .where(and(eq(blocks.actorId, actorId), eq(blocks.targetId, targetId)));
  });
}

/**
 * A `Flag` from another server becomes a report for the admin: its target is
 * the first member it names (else the author of the first entry it names),
 * with the named entries. Kept once per activity id. Returns the report id,
 * or null when it names nothing of ours.
 */
export async function receiveFlag(
  ctx: Ctx,
  flag: {
    uri: string;
    reporterId: string | null;
    memberHandles: string[];
    objectUris: string[];
    comment: string;
  },
): Promise<string | null> {
  const entryIds = flag.objectUris.flatMap((uri) => entryIdOfUri(ctx, uri)?.id ?? []);
  let [targetId] = await localActorIds(ctx, flag.memberHandles);
  if (!targetId && entryIds[0]) {
    const [author] = await ctx.db
      .select({ id: entries.authorId })
      .from(entries)
      .where(eq(entries.id, entryIds[0]));
    targetId = author?.id;
  }
  if (!targetId) return null;
  const report = await recordRemoteReport(ctx, {
    reporterId: flag.reporterId,
    targetId,
    postIds: entryIds,
    comment: flag.comment,
    uri: flag.uri,
  });
  return report.id;
}
