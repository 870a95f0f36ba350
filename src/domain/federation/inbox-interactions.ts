import { and, eq, type SQL } from "drizzle-orm";
import { likes, shares } from "../../db/schema/social.ts";
import { type Ctx, transactional } from "../context.ts";
import { newId } from "../ids.ts";
import { notify } from "../notifications/notify.ts";
import { announceStream } from "../stream.ts";
import { findPostByUri, type PostTarget } from "./inbox-targets.ts";

/** A remote `Like` or `Announce`: who, its activity id, and the post's id. */
export interface IncomingReaction {
  actorId: string;
  /** The activity's id (kept for its `Undo`; unique, so a replay changes nothing). */
  uri: string;
  objectUri: string;
}

const targetColumns = (target: PostTarget) =>
  target.kind === "entry"
    ? { entryId: target.id, remotePostId: null }
    : { entryId: null, remotePostId: target.id };

/**
 * Records a like or share of a post here (one of our entries the actor may
 * see, or a remote post we keep): idempotent by activity id and by (actor,
 * post), and the post's local author is told once. Returns the new row's id.
 */
async function receiveReaction(
  ctx: Ctx,
  table: typeof likes | typeof shares,
  type: "like" | "share",
  reaction: IncomingReaction,
): Promise<string | null> {
  return transactional(ctx, async (tx) => {
    const target = await findPostByUri(tx, reaction.objectUri, reaction.actorId);
    if (!target) return null;
    const { actorId, uri } = reaction;
    const [row] = await tx.db
      .insert(table)
      .values({ id: newId(), actorId, uri, ...targetColumns(target) })
      .onConflictDoNothing()
      .returning({ id: table.id });
    if (!row) return null;
    if (target.authorIsLocal) {
      await notify(tx, {
        recipientId: target.authorId,
        type,
        fromActorId: actorId,
        entryId: target.kind === "entry" ? target.id : null,
        dedupeKey: uri,
      });
    }
    return row.id;
  });
}

/** A remote `Like` of a post here; returns whether a like was recorded. */
export async function receiveLike(ctx: Ctx, like: IncomingReaction): Promise<boolean> {
  return (await receiveReaction(ctx, likes, "like", like)) !== null;
}

/**
 * A remote `Announce` of a post here: a `shares` row (its id is the reblog's
 * id in timelines, announced to the stream). Returns whether one was recorded.
 */
export async function receiveShare(ctx: Ctx, share: IncomingReaction): Promise<boolean> {
  return transactional(ctx, async (tx) => {
    const id = await receiveReaction(tx, shares, "share", share);
    if (id) await announceStream(tx, { kind: "post", id });
    return id !== null;
  });
}

/** Which of an actor's rows an `Undo` names: by the activity id, else by the post. */
async function undoneRow(
  ctx: Ctx,
  table: typeof likes | typeof shares,
  undo: { actorId: string; uri: string | null; objectUri: string | null },
): Promise<SQL | null> {
  const mine = eq(table.actorId, undo.actorId);
  if (undo.uri) {
    const [byUri] = await ctx.db
      .select({ id: table.id })
      .from(table)
      .where(and(mine, eq(table.uri, undo.uri)));
    if (byUri) return eq(table.id, byUri.id);
  }
  const target = undo.objectUri ? await findPostByUri(ctx, undo.objectUri, undo.actorId) : null;
  if (!target) return null;
  return and(
    mine,
    target.kind === "entry" ? eq(table.entryId, target.id) : eq(table.remotePostId, target.id),
  )!;
}

/** `Undo(Like)`: the actor's like goes (by its activity id, or of that post). */
export async function undoRemoteLike(
  ctx: Ctx,
  undo: { actorId: string; uri: string | null; objectUri: string | null },
) {
  await transactional(ctx, async (tx) => {
    const where = await undoneRow(tx, likes, undo);
    if (where) await tx.db.delete(likes).where(where);
  });
}

/** `Undo(Announce)`: the actor's share goes, and leaves the timelines. */
export async function undoRemoteShare(
  ctx: Ctx,
  undo: { actorId: string; uri: string | null; objectUri: string | null },
) {
  await transactional(ctx, async (tx) => {
    const where = await undoneRow(tx, shares, undo);
    if (!where) return;
    const gone = await tx.db.delete(shares).where(where).returning({ id: shares.id });
    for (const row of gone) {
      await announceStream(tx, { kind: "deleted", id: row.id, authorId: undo.actorId });
    }
  });
}
