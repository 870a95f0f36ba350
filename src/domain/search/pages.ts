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

/**
 * Up to `fetch` entries matching `where`, newest first, found by walking an
 * index of publication times that holds what `walk` tests (plan.ts: the
 * tags' hashes and the dates, and entryListedAtMost): the entries it rules
 * out are never read. Each candidate is then read by id and tested against
 * `where`. "feedback #design after:2026-01" by relevance read 18,600 entries
 * for its window at a million entries (14 ms); this way 1,550 (7.9 ms).
 * (`limit 1` keeps PostgreSQL from making the walk a join, which read every
 * entry with the tag first: 98 ms.)
 */
function walkedEntries(ctx: Ctx, where: SQL, walk: SQL, fetch: number) {
  const candidate = ctx.db
    .select({ id: entries.id, at: entries.publishedAt })
    .from(entries)
    .where(walk)
    .orderBy(...NEWEST)
    .as("candidate");
  const found = ctx.db
    .select({ search: entries.search })
    .from(entries)
    .where(and(sql`${entries.id} = ${candidate.id}`, where))
    .limit(1)
    .as("found");
  return ctx.db
    .select({ id: candidate.id, at: candidate.at, search: found.search })
    .from(candidate)
    .crossJoinLateral(found)
    .orderBy(sql`${candidate.at} desc nulls last`, sql`${candidate.id} desc nulls last`)
    .limit(fetch);
}

/**
 * Up to `fetch` entries matching `where`, newest first after `cursor`; by a
 * walk (walkedEntries) when the plan has one.
 */
export async function newestEntries(
  ctx: Ctx,
  where: SQL,
  cursor: string | null,
  fetch: number,
  walk: SQL | null = null,
): Promise<Found> {
  const position = decodeCursor(cursor);
  const after = position
    ? sql`(${entries.publishedAt}, ${entries.id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
    : undefined;
  const rows = walk
    ? await walkedEntries(ctx, where, and(walk, after)!, fetch)
    : await ctx.db
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

/** What search reads of a table: its id, search document and time, and its newest-first order. */
export interface Rankable {
  table: PgTable;
  id: PgColumn;
  search: PgColumn;
  /** When a row was published (its newest-first order's first key). */
  at: SQL;
  newest: SQL[];
  /** Rows of this table are posts from other servers. */
  remote: boolean;
}

/** Entries, as search reads them. */
export const ENTRY_SOURCE: Rankable = {
  table: entries,
  id: entries.id,
  search: entries.search,
  at: sql`${entries.publishedAt}`,
  newest: NEWEST,
  remote: false,
};

/**
 * A first page among few matches, and their count, in one statement: up to
 * `cap` + 1 rows matching `where`, read in no order (so PostgreSQL finds a
 * rare word's few rows through the text index, as the capped count does),
 * then put in the results' order (newest first, or ranked by `tsquery`)
 * and counted. Then `found` is how many match, up to `cap` + 1; past `cap`
 * the rows read were not all the matches, and the page is not theirs to
 * give: the caller pages them as common ones. This spares rare words a
 * separate count and a second reading of their matches.
 */
export async function firstPageAmongFew(
  ctx: Ctx,
  source: Rankable,
  where: SQL,
  tsquery: string | null,
  cap: number,
  fetch: number,
): Promise<Found> {
  const few = ctx.db
    .select({ id: source.id, at: sql<string | null>`${source.at}`.as("at"), search: source.search })
    .from(source.table)
    .where(where)
    .limit(cap + 1)
    .as("few");
  const rank = tsquery ? rankOf(few.search, tsquery) : sql<number>`0`;
  const order = tsquery
    ? [sql`${rank} desc`, sql`${few.id} desc`]
    : [sql`${few.at} desc nulls last`, sql`${few.id} desc nulls last`];
  const rows = await ctx.db
    .select({
      id: sql<string>`${few.id}`,
      at: few.at,
      rank,
      found: sql<number>`count(*) over ()::int`,
    })
    .from(few)
    .orderBy(...order)
    .limit(fetch);
  return {
    places: rows.map((row) => ({
      id: row.id,
      at: tsquery || row.at === null ? null : new Date(row.at),
      rank: Number(row.rank),
      remote: source.remote,
    })),
    found: rows[0]?.found ?? 0,
  };
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
  walk: SQL | null = null,
): Promise<Ranked> {
  const window = walk
    ? walkedEntries(ctx, where, walk, RELEVANCE_WINDOW).as("window")
    : ctx.db
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

/** Up to `fetch` entries best match first after `cursor` (rankedAfter; by a walk when the plan has one). */
export async function rankedEntries(
  ctx: Ctx,
  where: SQL,
  tsquery: string,
  cursor: string | null,
  fetch: number,
  walk: SQL | null = null,
): Promise<Found> {
  const ranked = await rankedAfter(
    ctx,
    ENTRY_SOURCE,
    where,
    tsquery,
    decodeRankCursor(cursor),
    fetch,
    walk,
  );
  return {
    places: ranked.rows.map((row) => ({ ...row, at: null, remote: false })),
    found: ranked.found,
  };
}
