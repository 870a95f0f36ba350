import { type AnyColumn, and, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import type { EntryPage } from "../entries/view-model.ts";
import { entriesById } from "../portfolios/entries-by-id.ts";
import { decodeRankCursor, encodeRankCursor, type RankPosition } from "./cursor.ts";

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
 * A document's rank for the tsquery (text): title A > tags B > text C,
 * normalised by length. Entries and remote posts rank alike, so one keyset
 * (rank, id) orders both.
 */
function rankOf(search: SQL | SQL.Aliased | AnyColumn, tsquery: string): SQL<number> {
  return sql<number>`ts_rank(${RANK_WEIGHTS}::float4[], ${search}, ${tsquery}::tsquery, 1)`;
}

/** A page, and how many rows its statement found (up to its `fetch`), which may count the matches. */
export interface SearchPage extends EntryPage {
  found: number;
}

/** A page by relevance, with each shown entry's rank (to merge remote posts by). */
export interface RankedPage extends SearchPage {
  ranks: Map<string, number>;
}

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

/** The newest `limit` matches after `cursor`, reading up to `fetch` (more than `limit`) rows. */
export async function pageByRecency(
  ctx: Ctx,
  where: SQL,
  cursor: string | null,
  limit: number,
  fetch = limit + 1,
): Promise<SearchPage> {
  const position = decodeCursor(cursor);
  const after = position
    ? sql`(${entries.publishedAt}, ${entries.id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
    : undefined;
  const rows = await ctx.db
    .select({ id: entries.id, at: entries.publishedAt })
    .from(entries)
    .where(and(where, after))
    .orderBy(...NEWEST)
    .limit(fetch);
  const page = await pageOf(ctx, rows, limit, where, (last) =>
    last.at ? encodeCursor({ at: last.at, id: last.id }) : null,
  );
  return { ...page, found: rows.length };
}

/** What ranking reads of a table: its id and search columns, and its newest-first order. */
export interface Rankable {
  table: PgTable;
  id: PgColumn;
  search: PgColumn;
  newest: SQL[];
}

/** Rows best match first, and how many of the window's rows follow the position. */
export interface Ranked {
  rows: RankPosition[];
  found: number;
}

/**
 * Up to `limit` rows best match first after `position`, among the newest
 * RELEVANCE_WINDOW rows matching `where` (all of them for all but the
 * commonest words), ranked with `rankOf`; keyset (rank, id). Entries and
 * remote posts both page this way, so their results merge on one keyset.
 * Without a position, `found` is how many rows match, counted up to the window.
 */
export async function rankedAfter(
  ctx: Ctx,
  source: Rankable,
  where: SQL,
  tsquery: string,
  position: RankPosition | null,
  limit: number,
): Promise<Ranked> {
  const window = ctx.db
    .select({ id: source.id, search: source.search })
    .from(source.table)
    .where(where)
    .orderBy(...source.newest)
    .limit(RELEVANCE_WINDOW)
    .as("window");
  const rank = rankOf(window.search, tsquery);
  const after = position
    ? sql`(${rank}, ${window.id}) < (${position.rank}::real, ${position.id}::uuid)`
    : undefined;
  const rows = await ctx.db
    .select({ id: sql<string>`${window.id}`, rank, found: sql<number>`count(*) over ()::int` })
    .from(window)
    .where(after)
    .orderBy(sql`${rank} desc`, sql`${window.id} desc`)
    .limit(limit);
  return {
    rows: rows.map((row) => ({ id: row.id, rank: Number(row.rank) })),
    found: rows[0]?.found ?? 0,
  };
}

/** Entries best match first (rankedAfter), with each shown entry's rank. */
export async function pageByRank(
  ctx: Ctx,
  where: SQL,
  tsquery: string,
  cursor: string | null,
  limit: number,
): Promise<RankedPage> {
  const source = { table: entries, id: entries.id, search: entries.search, newest: NEWEST };
  const ranked = await rankedAfter(
    ctx,
    source,
    where,
    tsquery,
    decodeRankCursor(cursor),
    limit + 1,
  );
  const page = await pageOf(ctx, ranked.rows, limit, where, encodeRankCursor);
  return {
    ...page,
    found: ranked.found,
    ranks: new Map(ranked.rows.map((row) => [row.id, row.rank])),
  };
}
