import { and, asc, eq, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { pinnedEntries } from "../../db/schema/portfolios.ts";
import { parseInput } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { type EntryView, pageOfEntries } from "../entries/view-model.ts";
import { conflict, invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";
import { entriesById } from "./entries-by-id.ts";
import { type Direction, directionSchema } from "./schema.ts";
import { moved } from "./store.ts";

/** Entries a member pins to the top of their profile: at most five, in their order. */

export const MAX_PINS = 5;

/** The member's pins in order, locked: pin changes of one member run one at a time. */
async function lockedPins(tx: TxCtx, member: CurrentUser): Promise<string[]> {
  await tx.db.execute(sql`select id from actors where id = ${member.actorId} for update`);
  const rows = await tx.db
    .select({ entryId: pinnedEntries.entryId })
    .from(pinnedEntries)
    .where(eq(pinnedEntries.actorId, member.actorId))
    .orderBy(asc(pinnedEntries.position), asc(pinnedEntries.pinnedAt));
  return rows.map((row) => row.entryId);
}

async function writePinOrder(tx: TxCtx, member: CurrentUser, ids: readonly string[]) {
  for (const [position, entryId] of ids.entries()) {
    await tx.db
      .update(pinnedEntries)
      .set({ position })
      .where(and(eq(pinnedEntries.actorId, member.actorId), eq(pinnedEntries.entryId, entryId)));
  }
}

/** Pins one of the member's own published entries, after the others. */
export async function pinEntry(ctx: Ctx, member: CurrentUser, entryId: string): Promise<void> {
  if (!isUuid(entryId)) throw notShown();
  await transactional(ctx, async (tx) => {
    const pins = await lockedPins(tx, member);
    if (pins.includes(entryId)) return;
    const [entry] = await tx.db
      .select({ id: entries.id })
      .from(entries)
      .where(
        and(
          eq(entries.id, entryId),
          eq(entries.authorId, member.actorId),
          eq(entries.status, "published"),
        ),
      );
    if (!entry) throw invalid("Only your published entries can be pinned.");
    if (pins.length >= MAX_PINS) {
      throw conflict(`You can pin at most ${MAX_PINS} entries: unpin one first.`);
    }
    await tx.db.insert(pinnedEntries).values({
      actorId: member.actorId,
      entryId,
      position: pins.length,
      pinnedAt: tx.now(),
    });
  });
}

export async function unpinEntry(ctx: Ctx, member: CurrentUser, entryId: string): Promise<void> {
  if (!isUuid(entryId)) throw notShown();
  await transactional(ctx, async (tx) => {
    const pins = await lockedPins(tx, member);
    if (!pins.includes(entryId)) return;
    await tx.db
      .delete(pinnedEntries)
      .where(and(eq(pinnedEntries.actorId, member.actorId), eq(pinnedEntries.entryId, entryId)));
    await writePinOrder(
      tx,
      member,
      pins.filter((id) => id !== entryId),
    );
  });
}

export async function movePin(
  ctx: Ctx,
  member: CurrentUser,
  entryId: string,
  input: { direction?: string },
): Promise<void> {
  const { direction } = parseInput(directionSchema, input);
  await transactional(ctx, async (tx) => {
    const pins = await lockedPins(tx, member);
    if (!pins.includes(entryId)) throw notShown();
    await writePinOrder(tx, member, moved(pins, entryId, direction as Direction));
  });
}

/** The member's pinned entries that the viewer may see listed, in pin order. */
export async function pinnedFor(ctx: Ctx, viewer: Viewer, actorId: string): Promise<EntryView[]> {
  const pins = await ctx.db
    .select({ entryId: pinnedEntries.entryId })
    .from(pinnedEntries)
    .where(eq(pinnedEntries.actorId, actorId))
    .orderBy(asc(pinnedEntries.position), asc(pinnedEntries.pinnedAt));
  if (pins.length === 0) return [];
  const ids = pins.map((pin) => pin.entryId);
  const byId = await entriesById(ctx, ids, entryVisibleTo(viewer, "listing"));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The member's newest published entries that are not pinned (the "Pin" picker). */
export async function pinCandidates(ctx: Ctx, member: CurrentUser, limit = 30) {
  const page = await pageOfEntries(ctx, {
    where: and(
      eq(entries.authorId, member.actorId),
      entryVisibleTo(member, "listing"),
      sql`not exists (select 1 from pinned_entries p where p.entry_id = "entries"."id"
        and p.actor_id = ${member.actorId})`,
    )!,
    sort: "published",
    limit,
  });
  return page.entries;
}
