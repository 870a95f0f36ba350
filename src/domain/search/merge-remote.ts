import { and, type SQL } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { decodeCursor } from "../entries/cursor.ts";
import { decodeRankCursor } from "./cursor.ts";
import { type Found, firstPageAmongFew, type Place } from "./pages.ts";
import {
  countRemoteMatches,
  fewRemoteMatches,
  REMOTE_SOURCE,
  remotePositions,
  remoteRankPositions,
} from "./remote-results.ts";

export interface RemoteSearch {
  /** The conditions on remote posts, with the viewer's rule (remoteSearchCondition). */
  where: SQL;
  cursor: string | null;
  limit: number;
  /** The count's cap (COUNT_CAP). */
  cap: number;
  /** Whether the words are common among remote posts (the plan's `common.remote`). */
  common: boolean;
  /** False when the entries alone are more than the cap: then a page is all there is to read. */
  counting?: boolean;
  /** Sorted by relevance: the tsquery to rank by. */
  rank: string | null;
}

const byIdDescending = (a: Place, b: Place) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Newest first, then the larger id: the order of both tables' keysets. */
function newestFirst(a: Place, b: Place): number {
  if (a.at && b.at && a.at.getTime() !== b.at.getTime()) return b.at.getTime() - a.at.getTime();
  if (a.at === null && b.at !== null) return 1;
  if (b.at === null && a.at !== null) return -1;
  return byIdDescending(a, b);
}

/** Best match first, then the larger id: the (rank, id) keyset of both tables. */
function bestFirst(a: Place, b: Place): number {
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
): Promise<Found> {
  if (search.rank) {
    const after = decodeRankCursor(search.cursor);
    const ranked = await remoteRankPositions(ctx, where, search.rank, after, fetch);
    return {
      places: ranked.rows.map((row) => ({ ...row, at: null, remote: true })),
      found: ranked.found,
    };
  }
  const rows = await remotePositions(ctx, where, decodeCursor(search.cursor), fetch);
  return { places: rows.map((row) => ({ ...row, rank: 0, remote: true })), found: rows.length };
}

/** Remote posts' places after the page token, and how many match (up to `cap + 1`). */
export interface RemoteMatches {
  places: Place[];
  count: number;
}

/**
 * The remote matches to merge and how many match (up to `cap + 1`): as for
 * entries (entries.ts), the first page's statement counts common words'
 * matches itself, and rare words' (firstPageAmongFew); later pages count
 * first, and when few posts match, PostgreSQL is told so.
 */
export async function remoteMatches(ctx: Ctx, search: RemoteSearch): Promise<RemoteMatches> {
  const where = search.where;
  if (search.cursor === null && search.common) {
    const fetch = search.counting === false ? search.limit + 1 : search.cap + 1;
    const { places, found } = await remotePlaces(ctx, where, search, fetch);
    return { places: places.slice(0, search.limit + 1), count: found };
  }
  if (search.cursor === null) {
    const few = await firstPageAmongFew(
      ctx,
      REMOTE_SOURCE,
      where,
      search.rank,
      search.cap,
      search.limit + 1,
    );
    if (few.found <= search.cap) return { places: few.places, count: few.found };
    // More match than the statistics foretold: page them as common ones.
    const { places } = await remotePlaces(ctx, where, search, search.limit + 1);
    return { places, count: few.found };
  }
  const count = await countRemoteMatches(ctx, where, search.cap);
  if (count === 0) return { places: [], count };
  const pageWhere = count > search.cap ? where : and(where, fewRemoteMatches(where, search.cap))!;
  const { places } = await remotePlaces(ctx, pageWhere, search, search.limit + 1);
  return { places, count };
}

/** A page of places: the results to show in order, whether more follow, and the count. */
export interface PlacedPage {
  shown: Place[];
  more: boolean;
  total: { count: number; capped: boolean };
}

/**
 * Adds the posts from other servers the viewer may see (remoteMatches) to a
 * page of entry places, on the keyset both kinds share: newest first (time,
 * id), or by relevance (rank, id) — both tables rank their newest
 * RELEVANCE_WINDOW matches with the same weights, so one token pages through
 * both without repeating or skipping a result.
 */
export function mergeRemotePlaces(
  page: PlacedPage,
  remote: RemoteMatches,
  search: Pick<RemoteSearch, "limit" | "cap" | "rank">,
): PlacedPage {
  const sum = page.total.count + Math.min(remote.count, search.cap + 1);
  const total = {
    count: Math.min(sum, search.cap),
    capped: page.total.capped || sum > search.cap,
  };
  if (remote.places.length === 0) return { ...page, total };
  const items = [...page.shown, ...remote.places].sort(search.rank ? bestFirst : newestFirst);
  return {
    shown: items.slice(0, search.limit),
    more: items.length > search.limit || page.more,
    total,
  };
}
