import { eq, inArray } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import type { Ctx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";

/** Another account as moderation lists show it (local or remote). */
export interface ActorSummary {
  id: string;
  handle: string;
  /** null for a member of this server. */
  host: string | null;
  displayName: string;
  /** A local member's stored avatar. */
  avatarKey: string | null;
  /** A remote account's avatar URL. */
  avatarUrl: string | null;
}

/** The columns of an `ActorSummary`, for selects joined to `actors`. */
export const actorSummaryColumns = {
  id: actors.id,
  handle: actors.handle,
  host: actors.host,
  displayName: actors.displayName,
  avatarKey: actors.avatarKey,
  avatarUrl: actors.avatarUrl,
};

/** Fills an empty display name with the handle, as every page shows names. */
export function summaryOf<T extends ActorSummary>(row: T): T {
  return { ...row, displayName: row.displayName || row.handle };
}

/**
 * The account a member acts on (blocks, mutes, reports): it must exist and
 * be someone else. Unknown ids answer as "not shown".
 */
export async function otherActor(
  ctx: Ctx,
  user: CurrentUser,
  targetId: string,
): Promise<ActorSummary> {
  if (!isUuid(targetId)) throw notShown();
  const [row] = await ctx.db
    .select(actorSummaryColumns)
    .from(actors)
    .where(eq(actors.id, targetId))
    .limit(1);
  if (!row) throw notShown();
  if (row.id === user.actorId) throw invalid("You cannot do that to your own account.");
  return summaryOf(row);
}

/** Accounts by id, as lists show them (sharers, conversation participants). */
export async function actorSummaries(
  ctx: Ctx,
  ids: readonly string[],
): Promise<Map<string, ActorSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .select(actorSummaryColumns)
    .from(actors)
    .where(inArray(actors.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, summaryOf(row)]));
}
