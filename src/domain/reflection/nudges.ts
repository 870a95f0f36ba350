import { and, desc, eq, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { reflectionNudges, reflectionSettings } from "../../db/schema/reflection.ts";
import type { JobHandlers } from "../../jobs/queue.ts";
import { type Ctx, transactional } from "../context.ts";
import { notFound } from "../errors.ts";
import { isUuid, newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { type NudgePrompt, nextOccurrence, periodAt, type Rhythm } from "./rhythm.ts";
import { NUDGE_JOB, queueNudge } from "./settings.ts";

const nudgePayload = z.object({
  actorId: z.string().refine(isUuid),
  version: z.number().int(),
  at: z.iso.datetime(),
});

export type NudgeOutcome = "created" | "already-asked" | "stale" | "not-due";

/**
 * Runs one occurrence of a member's rhythm: asks that period's question and
 * schedules the next one. The settings row is locked and must still expect
 * exactly this occurrence (same version, same `next_at`), so a duplicate
 * job, a second worker or a job re-run after a restart finds nothing to do;
 * the unique (member, period) key is the last guard against a second nudge.
 */
export async function fireNudge(
  ctx: Ctx,
  payload: z.infer<typeof nudgePayload>,
): Promise<NudgeOutcome> {
  const at = new Date(payload.at);
  if (ctx.now().getTime() < at.getTime()) return "not-due";
  return transactional(ctx, async (tx) => {
    const [settings] = await tx.db
      .select()
      .from(reflectionSettings)
      .where(eq(reflectionSettings.actorId, payload.actorId))
      .for("update");
    if (
      !settings ||
      settings.version !== payload.version ||
      settings.nextAt?.getTime() !== at.getTime()
    ) {
      return "stale";
    }
    const period = periodAt(settings, latestOccurrence(settings, at, tx.now()));
    const inserted = await tx.db
      .insert(reflectionNudges)
      .values({
        id: newId(),
        actorId: payload.actorId,
        period: period.key,
        prompt: period.prompt,
        createdAt: tx.now(),
      })
      .onConflictDoNothing()
      .returning({ id: reflectionNudges.id });
    // A late job (the server was down) skips the occurrences it missed.
    const after = new Date(Math.max(at.getTime(), tx.now().getTime()));
    const nextAt = nextOccurrence(settings, after);
    await tx.db
      .update(reflectionSettings)
      .set({ nextAt })
      .where(eq(reflectionSettings.actorId, payload.actorId));
    if (nextAt) await queueNudge(tx, payload.actorId, settings.version, nextAt);
    return inserted.length > 0 ? "created" : "already-asked";
  });
}

/**
 * The last occurrence at or before `now`, starting from `at`: a job that ran
 * late (the server was down for weeks) asks the current period's question,
 * not a stale one.
 */
function latestOccurrence(rhythm: Rhythm, at: Date, now: Date): Date {
  let latest = at;
  for (let step = 0; step < 400; step++) {
    const next = nextOccurrence(rhythm, latest);
    if (!next || next.getTime() > now.getTime()) break;
    latest = next;
  }
  return latest;
}

/** The reflection area's background jobs. */
export function reflectionJobHandlers(ctx: Ctx): JobHandlers {
  return {
    [NUDGE_JOB]: async (payload) => {
      const parsed = nudgePayload.safeParse(payload);
      if (!parsed.success) {
        ctx.log.warning("Dropping a reflection nudge job with a bad payload: {payload}", {
          payload,
        });
        return;
      }
      // Woken before its time (clocks differ between hosts): fail so the queue retries later.
      if ((await fireNudge(ctx, parsed.data)) === "not-due") {
        throw new Error("The reflection nudge is not due yet");
      }
    },
  };
}

export interface NudgeView {
  id: string;
  period: string;
  prompt: NudgePrompt;
  /** "week" for "2026-W13", "day" for a date. */
  span: "week" | "day";
  createdAt: Date;
}

/** The member's latest question they have not dismissed (one card at a time). */
export async function currentNudge(ctx: Ctx, user: CurrentUser): Promise<NudgeView | null> {
  const [row] = await ctx.db
    .select()
    .from(reflectionNudges)
    .where(and(eq(reflectionNudges.actorId, user.actorId), isNull(reflectionNudges.dismissedAt)))
    .orderBy(desc(reflectionNudges.createdAt), desc(reflectionNudges.id))
    .limit(1);
  if (!row) return null;
  return {
    id: row.id,
    period: row.period,
    prompt: row.prompt as NudgePrompt,
    span: row.period.includes("W") ? "week" : "day",
    createdAt: row.createdAt,
  };
}

/** Hides a nudge and every older one; only its member may. */
export async function dismissNudge(ctx: Ctx, user: CurrentUser, nudgeId: string): Promise<void> {
  if (!isUuid(nudgeId)) throw notFound();
  await transactional(ctx, async (tx) => {
    const [nudge] = await tx.db
      .select({ createdAt: reflectionNudges.createdAt })
      .from(reflectionNudges)
      .where(and(eq(reflectionNudges.id, nudgeId), eq(reflectionNudges.actorId, user.actorId)));
    if (!nudge) throw notFound();
    await tx.db
      .update(reflectionNudges)
      .set({
        dismissedAt: tx.now(),
        readAt: sql`coalesce(${reflectionNudges.readAt}, ${tx.now().toISOString()}::timestamptz)`,
      })
      .where(
        and(
          eq(reflectionNudges.actorId, user.actorId),
          isNull(reflectionNudges.dismissedAt),
          lte(reflectionNudges.createdAt, nudge.createdAt),
        ),
      );
  });
}
