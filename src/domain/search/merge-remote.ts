import type { SQL } from "drizzle-orm";
import type { Ctx } from "../context.ts";
import { decodeCursor, encodeCursor } from "../entries/cursor.ts";
import type { Viewer } from "../viewer.ts";
import type { SearchHit, SearchResults } from "./entries.ts";
import {
  countRemoteMatches,
  remoteHits,
  remotePositions,
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
}

interface Placed {
  at: Date | null;
  id: string;
}

/** Newest first, then the larger id: the order of both tables' keysets. */
function newestFirst(a: Placed, b: Placed): number {
  if (a.at && b.at && a.at.getTime() !== b.at.getTime()) return b.at.getTime() - a.at.getTime();
  if (a.at === null && b.at !== null) return 1;
  if (b.at === null && a.at !== null) return -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Adds the posts from other servers the viewer may see to a page of entry
 * results, newest first on the shared (time, id) keyset. Sorted by relevance,
 * remote posts are left out (the note says so): ranking two tables together
 * across pages is not done yet.
 */
export async function mergeRemotePosts(
  ctx: Ctx,
  viewer: Viewer,
  results: SearchResults,
  search: RemoteSearch,
): Promise<SearchResults> {
  if (results.sort === "relevance") {
    return {
      ...results,
      notes: [...results.notes, "Sorted by relevance, posts from other servers are left out."],
    };
  }
  const where = remoteSearchCondition(viewer, search.where, search.since);
  const remoteCount = await countRemoteMatches(ctx, where, search.cap);
  const sum = results.total.count + remoteCount;
  const total = {
    count: Math.min(sum, search.cap),
    capped: results.total.capped || sum > search.cap,
  };
  if (remoteCount === 0) return { ...results, total };

  const positions = await remotePositions(
    ctx,
    where,
    decodeCursor(search.cursor),
    search.limit + 1,
  );
  type Item = Placed & { hit?: SearchHit };
  const items: Item[] = [
    ...results.hits.map((hit) => ({
      at: hit.entry?.publishedAt ?? null,
      id: hit.entry?.id ?? "",
      hit,
    })),
    ...positions,
  ].sort(newestFirst);
  const shown = items.slice(0, search.limit);
  const more = items.length > search.limit || results.nextCursor !== null;
  const remote = await remoteHits(
    ctx,
    shown.flatMap((item) => (item.hit ? [] : [item.id])),
    where,
    search.highlight,
  );
  const last = shown.at(-1);
  return {
    ...results,
    total,
    hits: shown.flatMap((item) => item.hit ?? remote.get(item.id) ?? []),
    nextCursor: more && last?.at ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}
