import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { accountNotes } from "../../db/schema/api.ts";
import type { Ctx } from "../context.ts";
import { invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { otherActor } from "../moderation/actors.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";

/** Mastodon's limit for a private note on an account. */
export const ACCOUNT_NOTE_MAX = 2000;

const noteSchema = z.object({
  note: z
    .string({ error: "The note must be text" })
    .max(ACCOUNT_NOTE_MAX, `Keep the note under ${ACCOUNT_NOTE_MAX} characters`),
});

/**
 * Sets the member's private note on another account (only they ever see
 * it: Mastodon's `relationship.note`). An empty note removes it.
 */
export async function setAccountNote(
  ctx: Ctx,
  user: CurrentUser,
  targetId: string,
  note: unknown,
): Promise<string> {
  const parsed = noteSchema.safeParse({ note: note ?? "" });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "The note is not valid";
    throw invalid(`Validation failed: ${message}`, { comment: message });
  }
  const data = parsed.data;
  const target = await otherActor(ctx, user, targetId);
  const text = data.note.trim();
  const mine = and(eq(accountNotes.actorId, user.actorId), eq(accountNotes.targetId, target.id));
  if (text === "") {
    await ctx.db.delete(accountNotes).where(mine);
    return "";
  }
  const values = { note: text, updatedAt: ctx.now() };
  await ctx.db
    .insert(accountNotes)
    .values({ actorId: user.actorId, targetId: target.id, ...values })
    .onConflictDoUpdate({ target: [accountNotes.actorId, accountNotes.targetId], set: values });
  return text;
}

/** The member's notes on each of `ids` that has one (anonymous viewers have none). */
export async function accountNotesFor(
  ctx: Ctx,
  viewer: Viewer,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const targets = [...new Set(ids.filter(isUuid))];
  if (viewer.actorId === null || targets.length === 0) return new Map();
  const rows = await ctx.db
    .select({ targetId: accountNotes.targetId, note: accountNotes.note })
    .from(accountNotes)
    .where(and(eq(accountNotes.actorId, viewer.actorId), inArray(accountNotes.targetId, targets)));
  return new Map(rows.map((row) => [row.targetId, row.note]));
}
