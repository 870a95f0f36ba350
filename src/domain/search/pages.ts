import { type AnyColumn, and, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import { decodeRankCursor, encodeRankCursor, type RankPosition } from "./cursor.ts";

/**
 * Where results fall, newest first or best match first, with keyset cursors:
 * ids and their places only (the views are read afterwards, entries.ts).
 * `where` must hold the viewer's rule (entryVisibleTo).
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

/** A result's place in either order: (time, id) newest first, or (rank, id) best first. */
export interface Place {
  id: string;
  at: Date | null;
  rank: number;
  /** A post from another server (else an entry). */
  remote: boolean;
}

/** Places one statement found, and how many rows it read (up to its `fetch`), which may count the matches. */
export interface Found {
  places: Place[];
  found: number;
}

/** The token of the page after `last`, in the results' order. */
export function tokenAfter(last: Place, ranked: boolean): string | null {
  if (ranked) return encodeRankCursor({ rank: last.rank, id: last.id });
  return last.at ? encodeCursor({ at: last.at, id: last.id }) : null;
}

/** Up to `fetch` entries matching `where`, newest first after `cursor`. */
export async function newestEntries(
  ctx: Ctx,
  where: SQL,
  cursor: string | null,
  fetch: number,
): Promise<Found> {
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
  return {
    places: rows.map((row) => ({ id: row.id, at: row.at, rank: 0, remote: false })),
    found: rows.length,
  };
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

/** Up to `fetch` entries best match first after `cursor` (rankedAfter). */
export async function rankedEntries(
  ctx: Ctx,
  where: SQL,
  tsquery: string,
  cursor: string | null,
  fetch: number,
): Promise<Found> {
  const source = { table: entries, id: entries.id, search: entries.search, newest: NEWEST };
  const ranked = await rankedAfter(ctx, source, where, tsquery, decodeRankCursor(cursor), fetch);
  return {
    places: ranked.rows.map((row) => ({ ...row, at: null, remote: false })),
    found: ranked.found,
  };
}
