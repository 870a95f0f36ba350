import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { REFLECTION_CADENCES, reflectionSettings } from "../../db/schema/reflection.ts";
import { enqueue } from "../../jobs/queue.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import { nextOccurrence, type Rhythm } from "./rhythm.ts";
import { isTimeZone } from "./zoned-time.ts";

export const NUDGE_JOB = "reflection-nudge";

export interface RhythmSettings extends Rhythm {
  nextAt: Date | null;
}

export const DEFAULT_RHYTHM: Rhythm = {
  cadence: "off",
  weekday: 5,
  localTime: "16:00",
  timeZone: "UTC",
};

const settingsSchema = z.object({
  cadence: z.enum(REFLECTION_CADENCES, { error: "Choose daily, weekly or off" }),
  weekday: z.coerce
    .number({ error: "Choose a day of the week" })
    .int("Choose a day of the week")
    .min(1, "Choose a day of the week")
    .max(7, "Choose a day of the week"),
  localTime: z
    .string({ error: "Use a time like 16:30" })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 16:30 (24-hour clock)"),
  timeZone: z
    .string({ error: "Use a time zone name like Europe/Berlin" })
    .trim()
    .refine(isTimeZone, "Use a time zone name like Europe/Berlin or America/New_York"),
});

/** The member's rhythm (the defaults until they save one). */
export async function rhythmSettings(ctx: Ctx, user: CurrentUser): Promise<RhythmSettings> {
  const [row] = await ctx.db
    .select()
    .from(reflectionSettings)
    .where(eq(reflectionSettings.actorId, user.actorId));
  if (!row) return { ...DEFAULT_RHYTHM, nextAt: null };
  return {
    cadence: row.cadence,
    weekday: row.weekday,
    localTime: row.localTime,
    timeZone: row.timeZone,
    nextAt: row.nextAt,
  };
}

/** The member's time zone, for digests and insights ("UTC" until they choose one). */
export async function memberTimeZone(ctx: Ctx, actorId: string): Promise<string> {
  const [row] = await ctx.db
    .select({ timeZone: reflectionSettings.timeZone })
    .from(reflectionSettings)
    .where(eq(reflectionSettings.actorId, actorId));
  return row?.timeZone ?? "UTC";
}

/** Queues the job for the member's next question; the caller has set `next_at` to `at`. */
export async function queueNudge(tx: TxCtx, actorId: string, version: number, at: Date) {
  await enqueue(tx.db, NUDGE_JOB, { actorId, version, at: at.toISOString() }, { runAt: at });
}

/**
 * Saves the rhythm and schedules its next question. The version goes up, so
 * jobs queued for the old rhythm find nothing to do when they run.
 */
export async function updateRhythm(
  ctx: Ctx,
  user: CurrentUser,
  input: Record<string, unknown>,
): Promise<RhythmSettings> {
  const rhythm = parseInput(settingsSchema, input);
  return transactional(ctx, async (tx) => {
    const nextAt = nextOccurrence(rhythm, tx.now());
    const values = { ...rhythm, nextAt, updatedAt: tx.now() };
    const [saved] = await tx.db
      .insert(reflectionSettings)
      .values({ actorId: user.actorId, ...values, version: 1 })
      .onConflictDoUpdate({
        target: reflectionSettings.actorId,
        set: { ...values, version: sql`${reflectionSettings.version} + 1` },
      })
      .returning({ version: reflectionSettings.version });
    if (nextAt && saved) await queueNudge(tx, user.actorId, saved.version, nextAt);
    return { ...rhythm, nextAt };
  });
}
