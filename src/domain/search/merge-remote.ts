import { and, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import type { Viewer } from "../viewer.ts";
import { decodeRankCursor, encodeRankCursor } from "./cursor.ts";
import type { SearchHit, SearchResults } from "./entries.ts";
import {
  countRemoteMatches,
  fewRemoteMatches,
  remoteHits,
  remotePositions,
  remoteRankPositions,
  remoteSearchCondition,
} from "./remote-results.ts";

export interface RemoteSearch {
  /** The plan's conditions on remote posts (without the viewer's rule, added here). */
  where: SQL | undefined;
  highlight: string | null;
  since: Date | null;
  cursor: string | null;
  limit: number;
  /** The count's cap (COUNT_CAP). */
  cap: number;
  /** Whether the words are common among remote posts (the plan's `common.remote`). */
  common: boolean;
  /** Sorted by relevance: the tsquery to rank by, and the rank of each entry on the page. */
  ranked: { tsquery: string; ranks: ReadonlyMap<string, number> } | null;
}

/** A result's place in either order: (time, id) newest first, or (rank, id) best first. */
interface Placed {
  id: string;
  at: Date | null;
  rank: number;
  hit?: SearchHit;
}

const byIdDescending = (a: Placed, b: Placed) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Newest first, then the larger id: the order of both tables' keysets. */
function newestFirst(a: Placed, b: Placed): number {
  if (a.at && b.at && a.at.getTime() !== b.at.getTime()) return b.at.getTime() - a.at.getTime();
  if (a.at === null && b.at !== null) return 1;
  if (b.at === null && a.at !== null) return -1;
  return byIdDescending(a, b);
}

/** Best match first, then the larger id: the (rank, id) keyset of both tables. */
function bestFirst(a: Placed, b: Placed): number {
  return a.rank !== b.rank ? b.rank - a.rank : byIdDescending(a, b);
}

/**
 * Up to `fetch` remote matches after the page token, in the results' order
 * (by relevance, the first `fetch` of the window), and how many rows were
 * found: by relevance, the window's.
 */
async function remotePlaces(
  ctx: Ctx,
  where: SQL,
  search: RemoteSearch,
  fetch: number,
): Promise<{ places: Placed[]; found: number }> {
  if (search.ranked) {
    const after = decodeRankCursor(search.cursor);
    const ranked = await remoteRankPositions(ctx, where, search.ranked.tsquery, after, fetch);
    return { places: ranked.rows.map((row) => ({ ...row, at: null })), found: ranked.found };
  }
  const rows = await remotePositions(ctx, where, decodeCursor(search.cursor), fetch);
  return { places: rows.map((row) => ({ ...row, rank: 0 })), found: rows.length };
}

/**
 * The remote matches to merge and how many match (up to `cap + 1`): as for
 * entries (entries.ts), the first page's statement counts common words'
 * matches itself; otherwise the count runs first, and when few posts match,
 * PostgreSQL is told so.
 */
async function remoteMatches(
  ctx: Ctx,
  where: SQL,
  search: RemoteSearch,
): Promise<{ places: Placed[]; count: number }> {
  if (search.cursor === null && search.common) {
    const { places, found } = await remotePlaces(ctx, where, search, search.cap + 1);
    return { places: places.slice(0, search.limit + 1), count: found };
  }
  const count = await countRemoteMatches(ctx, where, search.cap);
  if (count === 0) return { places: [], count };
  const pageWhere = count > search.cap ? where : and(where, fewRemoteMatches(where, search.cap))!;
  const { places } = await remotePlaces(ctx, pageWhere, search, search.limit + 1);
  return { places, count };
}

/**
 * Adds the posts from other servers the viewer may see to a page of entry
 * results, on the keyset both kinds share: newest first (time, id), or by
 * relevance (rank, id) — both tables rank their newest RELEVANCE_WINDOW
 * matches with the same weights, so one token pages through both without
 * repeating or skipping a result.
 */
export async function mergeRemotePosts(
  ctx: Ctx,
  viewer: Viewer,
  results: SearchResults,
  search: RemoteSearch,
): Promise<SearchResults> {
  const where = remoteSearchCondition(viewer, search.where, search.since);
  const remote = await remoteMatches(ctx, where, search);
  const sum = results.total.count + Math.min(remote.count, search.cap + 1);
  const total = {
    count: Math.min(sum, search.cap),
    capped: results.total.capped || sum > search.cap,
  };
  if (remote.places.length === 0) return { ...results, total };

  const ranks = search.ranked?.ranks;
  const entries: Placed[] = results.hits.map((hit) => ({
    id: hit.entry?.id ?? "",
    at: hit.entry?.publishedAt ?? null,
    rank: ranks?.get(hit.entry?.id ?? "") ?? 0,
    hit,
  }));
  const items = [...entries, ...remote.places].sort(search.ranked ? bestFirst : newestFirst);
  const shown = items.slice(0, search.limit);
  const more = items.length > search.limit || results.nextCursor !== null;
  const views = await remoteHits(
    ctx,
    shown.flatMap((item) => (item.hit ? [] : [item.id])),
    where,
    search.highlight,
  );
  const last = shown.at(-1);
  const token = !more || !last ? null : tokenAfter(last, search.ranked !== null);
  return {
    ...results,
    total,
    hits: shown.flatMap((item) => item.hit ?? views.get(item.id) ?? []),
    nextCursor: token,
  };
}

function tokenAfter(last: Placed, ranked: boolean): string | null {
  if (ranked) return encodeRankCursor({ rank: last.rank, id: last.id });
  return last.at ? encodeCursor({ at: last.at, id: last.id }) : null;
}
