import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { markers } from "../../db/schema/api.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { markNotificationsRead } from "../notifications/index.ts";
import type { CurrentUser } from "../viewer.ts";

/**
 * Mastodon's read markers: where a member stopped reading their home
 * timeline and their notifications, shared between their apps. Each save
 * bumps `version`, so an app can tell another one moved the marker.
 */

export const MARKER_TIMELINES = ["home", "notifications"] as const;
export type MarkerTimeline = (typeof MARKER_TIMELINES)[number];

export interface Marker {
  timeline: MarkerTimeline;
  lastReadId: string;
  version: number;
  updatedAt: Date;
}

const markerColumns = {
  timeline: markers.timeline,
  lastReadId: markers.lastReadId,
  version: markers.version,
  updatedAt: markers.updatedAt,
};

/** The member's markers for the timelines asked for (all of them when none is named). */
export async function markersOf(
  ctx: Ctx,
  user: CurrentUser,
  timelines: readonly MarkerTimeline[],
): Promise<Marker[]> {
  const wanted = timelines.length > 0 ? timelines : MARKER_TIMELINES;
  return ctx.db
    .select(markerColumns)
    .from(markers)
    .where(and(eq(markers.userId, user.userId), inArray(markers.timeline, [...wanted])));
}

/** A post or notification id as clients send it back: ours are UUIDs, but any short token is kept. */
const lastReadId = z.string().trim().min(1, "last_read_id is required").max(100);

export const markerInputSchema = z
  .object({ home: lastReadId.optional(), notifications: lastReadId.optional() })
  .refine((value) => value.home !== undefined || value.notifications !== undefined, {
    message: "Give home[last_read_id] or notifications[last_read_id]",
  });

export type MarkerInput = z.input<typeof markerInputSchema>;

/**
 * Moves the member's markers. Moving the notifications marker also marks
 * their notifications read up to it, so the web's unread count agrees with
 * the app's.
 */
export async function saveMarkers(
  ctx: Ctx,
  user: CurrentUser,
  input: MarkerInput,
): Promise<Marker[]> {
  const data = parseInput(markerInputSchema, input);
  return transactional(ctx, async (tx) => {
    const saved: Marker[] = [];
    for (const timeline of MARKER_TIMELINES) {
      const id = data[timeline];
      if (id === undefined) continue;
      const now = tx.now();
      const [row] = await tx.db
        .insert(markers)
        .values({ userId: user.userId, timeline, lastReadId: id, version: 1, updatedAt: now })
        .onConflictDoUpdate({
          target: [markers.userId, markers.timeline],
          set: { lastReadId: id, version: sql`${markers.version} + 1`, updatedAt: now },
        })
        .returning(markerColumns);
      if (row) saved.push(row);
      if (timeline === "notifications") await markNotificationsRead(tx, user, id);
    }
    return saved;
  });
}
