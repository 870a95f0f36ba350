import { sql } from "drizzle-orm";
import type { Config } from "../../config.ts";
import type { Ctx } from "../context.ts";

/**
 * How common a query's words are, from PostgreSQL's own statistics on the
 * search documents (`pg_stats.most_common_elems`, what ANALYZE keeps).
 *
 * Why: PostgreSQL costs a GIN lookup of a very common word far too cheaply.
 * "feedback #design from:@ann" had it read the 300,000 index entries of
 * "feedback" and intersect them with ann's 1,000 entries (60 ms at a million
 * entries), where reading ann's entries and testing their words is a few ms.
 * When the words are common and an indexed operator narrows the query, the
 * plan matches words without offering the text index (plan.ts). Tags alike:
 * a common tag's 60,000 index entries cost more than testing the 1,000
 * entries `from:` picks.
 */

export type SearchTable = "entries" | "remote_posts";
/** The columns whose elements are counted: the search document's words, the tags. */
type CountedColumn = "search" | "tags";

/** A word in at least this share of documents is common. */
export const COMMON_SHARE = 0.02;
const REFRESH_MS = 10 * 60_000;

interface Frequencies {
  shares: Map<string, number>;
  /** The table's rows, as PostgreSQL last counted them (0 before it has). */
  rows: number;
}

// Per database (one Config per runtime), per key; statistics change slowly.
const cache = new WeakMap<Config, Map<string, { at: number; value: unknown }>>();

/** What `load` read from PostgreSQL's statistics under `key`, read again after REFRESH_MS. */
async function cachedStatistics<T>(ctx: Ctx, key: string, load: () => Promise<T>): Promise<T> {
  const known = cache.get(ctx.config) ?? new Map<string, { at: number; value: unknown }>();
  cache.set(ctx.config, known);
  const entry = known.get(key);
  if (entry && Date.now() - entry.at < REFRESH_MS) return entry.value as T;
  const value = await load();
  known.set(key, { at: Date.now(), value });
  return value;
}

/** The rows of a table (SQL), as PostgreSQL last counted them; null before it has. */
const tableRows = (table: SearchTable) => sql`(select reltuples::float8 from pg_class
  where oid = to_regclass(quote_ident(current_schema()) || '.' || ${table}))`;

/** One column's statistics in pg_stats (SQL `from …`). */
const columnStats = (relation: string, column: string) =>
  sql`from pg_stats where schemaname = current_schema() and tablename = ${relation}
    and attname = ${column}`;

function frequencies(ctx: Ctx, table: SearchTable, column: CountedColumn): Promise<Frequencies> {
  return cachedStatistics(ctx, `${table}.${column}`, async () => {
    const stats = columnStats(table, column);
    const [row] = await ctx.db.execute<{
      elems: string[] | null;
      freqs: number[] | null;
      rows: number | null;
    }>(sql`
      select (select most_common_elems::text::text[] ${stats}) as elems,
        (select most_common_elem_freqs::float8[] ${stats}) as freqs,
        ${tableRows(table)} as rows`);
    const shares = new Map<string, number>();
    (row?.elems ?? []).forEach((lexeme, i) => {
      shares.set(lexeme, row?.freqs?.[i] ?? 0);
    });
    return { shares, rows: Math.max(0, row?.rows ?? 0) };
  });
}

/** The lexemes of a tsquery written as text ('team' | 'teams', 'a' <-> 'b'). */
function lexemes(tsquery: string): string[] {
  return [...tsquery.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] ?? "").replaceAll("''", "'"));
}

/**
 * The share of documents holding the words looked for: a word's share is its
 * commonest form's; a phrase's, its rarest word's; alternatives add up; all
 * groups must hold, so the rarest group's share is the query's. A word
 * outside the statistics counts as 0; no words at all, as 1.
 */
export async function textShare(
  ctx: Ctx,
  table: SearchTable,
  groups: readonly (readonly { tsquery: string; phrase: boolean }[])[],
): Promise<number> {
  if (groups.length === 0) return 1;
  const { shares } = await frequencies(ctx, table, "search");
  const share = (term: { tsquery: string; phrase: boolean }) => {
    const each = lexemes(term.tsquery).map((lexeme) => shares.get(lexeme) ?? 0);
    if (each.length === 0) return 0;
    return term.phrase ? Math.min(...each) : Math.max(...each);
  };
  return Math.min(...groups.map((group) => group.reduce((sum, term) => sum + share(term), 0)));
}

/** The share of the table's rows carrying this tag (a tagKey); 0 outside the statistics. */
export async function tagShare(ctx: Ctx, table: SearchTable, tag: string): Promise<number> {
  const { shares } = await frequencies(ctx, table, "tags");
  return shares.get(tag) ?? 0;
}

/** How many of the table's rows carry this tag, by the statistics. */
export async function tagRows(ctx: Ctx, table: SearchTable, tag: string): Promise<number> {
  const { shares, rows } = await frequencies(ctx, table, "tags");
  return (shares.get(tag) ?? 0) * rows;
}

/** Whether at least COMMON_SHARE of the table's rows carry this tag. */
export async function isCommonTag(ctx: Ctx, table: SearchTable, tag: string): Promise<boolean> {
  return (await tagShare(ctx, table, tag)) >= COMMON_SHARE;
}

interface PublicationDates {
  /** The histogram's bounds (ms, ascending): each bucket between two holds as many rows. */
  bounds: number[];
  rows: number;
}

/**
 * Where pg_stats keeps each table's histogram of publication times: a remote
 * post's time is an expression, `coalesce(published_at, received_at)`, whose
 * statistics ANALYZE keeps under the index on it.
 */
const PUBLICATION_STATS: Record<SearchTable, { relation: string; column: string }> = {
  entries: { relation: "entries", column: "published_at" },
  remote_posts: { relation: "remote_posts_at_idx", column: "coalesce" },
};

function publicationDates(ctx: Ctx, table: SearchTable): Promise<PublicationDates> {
  const { relation, column } = PUBLICATION_STATS[table];
  return cachedStatistics(ctx, `${table}.published`, async () => {
    const [row] = await ctx.db.execute<{ bounds: string[] | null; rows: number | null }>(sql`
      select (select histogram_bounds::text::text[] ${columnStats(relation, column)}) as bounds,
        ${tableRows(table)} as rows`);
    return {
      bounds: (row?.bounds ?? []).map((bound) => new Date(bound).getTime()),
      rows: Math.max(0, row?.rows ?? 0),
    };
  });
}

/**
 * About how many of the table's rows were published in [from, to) (either
 * end open when null), by the statistics' histogram of publication times;
 * all of them without one.
 */
export async function rowsPublished(
  ctx: Ctx,
  table: SearchTable,
  range: { from: Date | null; to: Date | null },
): Promise<number> {
  const { bounds, rows } = await publicationDates(ctx, table);
  if (bounds.length < 2) return rows;
  const from = range.from?.getTime() ?? -Infinity;
  const to = range.to?.getTime() ?? Infinity;
  let buckets = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const low = bounds[i] ?? 0;
    const high = bounds[i + 1] ?? 0;
    if (high <= low) {
      // A bucket of one repeated time.
      if (low >= from && low < to) buckets += 1;
      continue;
    }
    buckets += Math.max(0, Math.min(high, to) - Math.max(low, from)) / (high - low);
  }
  return (rows * buckets) / (bounds.length - 1);
}

/** The table's rows, as PostgreSQL last counted them (0 before it has). */
export async function searchedRows(ctx: Ctx, table: SearchTable): Promise<number> {
  return (await frequencies(ctx, table, "search")).rows;
}
