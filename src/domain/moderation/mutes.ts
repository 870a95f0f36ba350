import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { actors } from "../../db/schema/accounts.ts";
import { mutes } from "../../db/schema/social.ts";
import { parseInput } from "../accounts/members.ts";
import type { PageRequest } from "../api/paging.ts";
import { type Ctx, transactional } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import { type ActorSummary, actorSummaryColumns, otherActor, summaryOf } from "./actors.ts";
import { listPage } from "./list-page.ts";

/** A mute lasts at most a year when it has a duration (0 or none: until lifted). */
const MAX_MUTE_SECONDS = 365 * 24 * 3600;

const muteSchema = z.object({
  hideNotifications: z.boolean().default(true),
  durationSeconds: z.coerce
    .number()
    .int("Choose a whole number of seconds")
    .min(0, "Choose a duration of zero or more")
    .max(MAX_MUTE_SECONDS, "Mute for at most a year")
    .optional(),
});

export interface MuteOptions {
  /** Also silence their notifications (default true). */
  hideNotifications?: boolean;
  /** The mute ends by itself after this long; 0 or absent: until lifted. */
  durationSeconds?: number | null;
}

/**
 * Mutes an account: their posts leave the member's home timeline (their
 * permalinks stay readable), and their notifications too unless asked not
 * to. Muting again replaces the options.
 */
export async function muteActor(
  ctx: Ctx,
  user: CurrentUser,
  targetId: string,
  options: MuteOptions = {},
): Promise<{ muting: true; mutingNotifications: boolean; expiresAt: Date | null }> {
  const input = parseInput(muteSchema, {
    hideNotifications: options.hideNotifications ?? true,
    durationSeconds: options.durationSeconds ?? undefined,
  });
  const target = await otherActor(ctx, user, targetId);
  return transactional(ctx, async (tx) => {
    const now = tx.now();
    const expiresAt = input.durationSeconds
      ? new Date(now.getTime() + input.durationSeconds * 1000)
      : null;
    const values = { hideNotifications: input.hideNotifications, expiresAt, createdAt: now };
    await tx.db
      .insert(mutes)
      .values({ actorId: user.actorId, targetId: target.id, ...values })
      .onConflictDoUpdate({ target: [mutes.actorId, mutes.targetId], set: values });
    return { muting: true, mutingNotifications: input.hideNotifications, expiresAt };
  });
}

export async function unmuteActor(
  ctx: Ctx,
  user: CurrentUser,
  targetId: string,
): Promise<{ muting: false }> {
  const target = await otherActor(ctx, user, targetId);
  await transactional(ctx, async (tx) => {
    await tx.db
      .delete(mutes)
      .where(and(eq(mutes.actorId, user.actorId), eq(mutes.targetId, target.id)));
  });
  return { muting: false };
}

export interface MutedActor extends ActorSummary {
  mutedAt: Date;
  hideNotifications: boolean;
  expiresAt: Date | null;
}

/**
 * The accounts the member mutes now (expired mutes left out), most recent
 * first. With `page` (the client API), one page: cursors are their ids.
 */
export async function mutedActors(
  ctx: Ctx,
  user: CurrentUser,
  options: { limit?: number; page?: PageRequest } = {},
): Promise<MutedActor[]> {
  const list = listPage(
    options.page,
    {
      at: sql`${mutes.createdAt}`,
      id: sql`${mutes.targetId}`,
      anchor: (id) => sql`(select m.created_at from mutes m
        where m.actor_id = ${user.actorId} and m.target_id = ${id})`,
    },
    { order: [desc(mutes.createdAt), desc(mutes.targetId)], limit: options.limit },
  );
  const rows = await ctx.db
    .select({
      ...actorSummaryColumns,
      mutedAt: mutes.createdAt,
      hideNotifications: mutes.hideNotifications,
      expiresAt: mutes.expiresAt,
    })
    .from(mutes)
    .innerJoin(actors, eq(actors.id, mutes.targetId))
    .where(
      and(
        eq(mutes.actorId, user.actorId),
        or(isNull(mutes.expiresAt), gt(mutes.expiresAt, ctx.now())),
        list.where,
      ),
    )
    .orderBy(...list.order)
    .limit(list.limit);
  return list.finish(rows).map(summaryOf);
}
