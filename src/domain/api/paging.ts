import { and, type SQL, sql } from "drizzle-orm";
import { isUuid } from "../ids.ts";

/**
 * Mastodon's pagination over keyset positions. A page id (max_id, since_id,
 * min_id) is an item's id; its position is that item's (time, id), looked up
 * in SQL, so a walk never skips or repeats an item whatever the clock did.
 * min_id walks forward (oldest first, then shown newest first).
 */
export interface PageRequest {
  maxId: string | null;
  sinceId: string | null;
  minId: string | null;
  limit: number;
  /** The ORDER BY for a (time, id) key: ascending when walking forward from min_id. */
  order(at: SQL, id: SQL): SQL[];
}

export function pageRequest(params: {
  maxId: string | null;
  sinceId: string | null;
  minId: string | null;
  limit: number;
}): PageRequest {
  const clean = (id: string | null) => (id && isUuid(id) ? id : null);
  const minId = clean(params.minId);
  return {
    maxId: clean(params.maxId),
    sinceId: clean(params.sinceId),
    minId,
    limit: params.limit,
    // NULLS LAST as the indexes are built (and read backwards going forward): index order, no sort.
    order: (at, id) =>
      minId
        ? [sql`${at} asc nulls first`, sql`${id} asc nulls first`]
        : [sql`${at} desc nulls last`, sql`${id} desc nulls last`],
  };
}

/** The time a UUIDv7 was made: the fallback position of an id whose item is gone. */
function uuidTime(id: string): string {
  const ms = Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

type Bound = "max" | "since" | "min";

/** (at, id) inside the page's bounds, each bound's position given as SQL. */
function rangeOf(page: PageRequest, at: SQL, id: SQL, position: (bound: Bound) => SQL) {
  return and(
    page.maxId ? sql`(${at}, ${id}) < ${position("max")}` : undefined,
    page.sinceId ? sql`(${at}, ${id}) > ${position("since")}` : undefined,
    page.minId ? sql`(${at}, ${id}) > ${position("min")}` : undefined,
  );
}

/**
 * The condition placing (at, id) inside the page's bounds. `anchor(id)` is a
 * scalar subquery giving the time of the item with that id.
 */
export function keysetRange(
  page: PageRequest,
  at: SQL,
  id: SQL,
  anchor: (id: string) => SQL,
): SQL | undefined {
  const ids = { max: page.maxId, since: page.sinceId, min: page.minId };
  return rangeOf(page, at, id, (bound) => {
    const anchorId = ids[bound] ?? "";
    return sql`(coalesce(${anchor(anchorId)}, ${uuidTime(anchorId)}::timestamptz), ${anchorId}::uuid)`;
  });
}

/** A page's rows newest first, whichever way they were read. */
export function sortPage<T>(page: PageRequest, rows: readonly T[]): T[] {
  return page.minId ? [...rows].reverse() : [...rows];
}

/** Which bounds a page sets: a prepared query's shape (see prepared-queries.ts). */
export function pageShape(page: PageRequest): string {
  return `${page.maxId ? "max" : ""}:${page.sinceId ? "since" : ""}:${page.minId ? "min" : ""}`;
}

/**
 * `keysetRange` for a prepared query: the bounds' ids (and fallback times)
 * are placeholders, filled by `pageValues`.
 */
export function keysetRangeParams(
  page: PageRequest,
  at: SQL,
  id: SQL,
  anchor: (id: SQL) => SQL,
): SQL | undefined {
  return rangeOf(page, at, id, (bound) => {
    const anchorId = sql`${sql.placeholder(`${bound}Id`)}::uuid`;
    return sql`(coalesce(${anchor(anchorId)}, ${sql.placeholder(`${bound}At`)}::timestamptz), ${anchorId})`;
  });
}

/** The placeholder values of a page: its bounds, their fallback times and its limit. */
export function pageValues(page: PageRequest): Record<string, string | number | null> {
  const at = (id: string | null) => (id ? uuidTime(id) : null);
  return {
    maxId: page.maxId,
    maxAt: at(page.maxId),
    sinceId: page.sinceId,
    sinceAt: at(page.sinceId),
    minId: page.minId,
    minAt: at(page.minId),
    limit: page.limit,
  };
}
