import { and, type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import type { EntryPage } from "../entries/view-model.ts";
import { entriesById } from "../portfolios/entries-by-id.ts";
import { decodeRankCursor, encodeRankCursor } from "./cursor.ts";

/**
 * One page of results, newest first or best match first, with keyset
 * cursors. `where` must hold the viewer's rule (entryVisibleTo).
 */

/**
 * Newest first, in the order of the `published_at DESC NULLS LAST, id DESC
 * NULLS LAST` indexes, so a common word walks the index and stops after a
 * page instead of sorting every match.
 */
export const NEWEST = [
  sql`${entries.publishedAt} desc nulls last`,
  sql`${entries.id} desc nulls last`,
];

/** Relevance ranks the newest this-many matches: bounded work however common the words. */
export const RELEVANCE_WINDOW = 500;
const RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}";

/**
 * The page from up to `limit + 1` rows in order: the views of the first
 * `limit` (with `where` again: nothing outside the rule is shown), and the
 * token after the last one when there are more.
 */
async function pageOf<Row extends { id: string }>(
  ctx: Ctx,
  rows: Row[],
  limit: number,
  where: SQL,
  tokenAfter: (last: Row) => string | null,
): Promise<EntryPage> {
  const shown = rows.slice(0, limit);
  const ids = shown.map((row) => row.id);
  const views = await entriesById(ctx, ids, where);
  const last = shown.at(-1);
  return {
    entries: ids.flatMap((id) => views.get(id) ?? []),
    nextCursor: rows.length > limit && last ? tokenAfter(last) : null,
  };
}

export async function pageByRecency(
  ctx: Ctx,
  where: SQL,
  cursor: string | null,
  limit: number,
): Promise<EntryPage> {
  const position = decodeCursor(cursor);
  const after = position
    ? sql`(${entries.publishedAt}, ${entries.id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
    : undefined;
  const rows = await ctx.db
    .select({ id: entries.id, at: entries.publishedAt })
    .from(entries)
    .where(and(where, after))
    .orderBy(...NEWEST)
    .limit(limit + 1);
  return pageOf(ctx, rows, limit, where, (last) =>
    last.at ? encodeCursor({ at: last.at, id: last.id }) : null,
  );
}

/**
 * Best match first among the newest RELEVANCE_WINDOW matches (all of them
 * for all but the commonest words), ranked with `ts_rank` (title A > tags B >
 * text C, normalised by length), keyset on (rank, id).
 */
export async function pageByRank(
  ctx: Ctx,
  where: SQL,
  tsquery: string,
  cursor: string | null,
  limit: number,
): Promise<EntryPage> {
  const window = ctx.db
    .select({ id: entries.id, search: entries.search })
    .from(entries)
    .where(where)
    .orderBy(...NEWEST)
    .limit(RELEVANCE_WINDOW)
    .as("window");
  const rank = sql<number>`ts_rank(${RANK_WEIGHTS}::float4[], ${window.search}, ${tsquery}::tsquery, 1)`;
  const position = decodeRankCursor(cursor);
  const after = position
    ? sql`(${rank}, ${window.id}) < (${position.rank}::real, ${position.id}::uuid)`
    : undefined;
  const rows = await ctx.db
    .select({ id: window.id, rank })
    .from(window)
    .where(after)
    .orderBy(sql`${rank} desc`, sql`${window.id} desc`)
    .limit(limit + 1);
  return pageOf(ctx, rows, limit, where, (last) =>
    encodeRankCursor({ rank: Number(last.rank), id: last.id }),
  );
}
