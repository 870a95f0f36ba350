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

/** Up to `limit + 1` remote matches after the page token, in the results' order. */
async function remotePlaces(ctx: Ctx, where: SQL, search: RemoteSearch): Promise<Placed[]> {
  if (search.ranked) {
    const after = decodeRankCursor(search.cursor);
    const rows = await remoteRankPositions(
      ctx,
      where,
      search.ranked.tsquery,
      after,
      search.limit + 1,
    );
    return rows.map((row) => ({ ...row, at: null }));
  }
  const rows = await remotePositions(ctx, where, decodeCursor(search.cursor), search.limit + 1);
  return rows.map((row) => ({ ...row, rank: 0 }));
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
  const remoteCount = await countRemoteMatches(ctx, where, search.cap);
  const sum = results.total.count + remoteCount;
  const total = {
    count: Math.min(sum, search.cap),
    capped: results.total.capped || sum > search.cap,
  };
  if (remoteCount === 0) return { ...results, total };

  const ranks = search.ranked?.ranks;
  const entries: Placed[] = results.hits.map((hit) => ({
    id: hit.entry?.id ?? "",
    at: hit.entry?.publishedAt ?? null,
    rank: ranks?.get(hit.entry?.id ?? "") ?? 0,
    hit,
  }));
  const pageWhere =
    remoteCount > search.cap ? where : and(where, fewRemoteMatches(where, search.cap))!;
  const items = [...entries, ...(await remotePlaces(ctx, pageWhere, search))].sort(
    search.ranked ? bestFirst : newestFirst,
  );
  const shown = items.slice(0, search.limit);
  const more = items.length > search.limit || results.nextCursor !== null;
  const remote = await remoteHits(
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
    hits: shown.flatMap((item) => item.hit ?? remote.get(item.id) ?? []),
    nextCursor: token,
  };
}

function tokenAfter(last: Placed, ranked: boolean): string | null {
  if (ranked) return encodeRankCursor({ rank: last.rank, id: last.id });
  return last.at ? encodeCursor({ at: last.at, id: last.id }) : null;
}
