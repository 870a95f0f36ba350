import { isCursor } from "../entries/cursor.ts";
import { invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";

/**
 * Page tokens of search results. Sorted by recency, results page like every
 * other list of entries (entries/cursor.ts). Sorted by relevance, the token
 * holds the last result's rank and id: the keyset is (rank, id), newest id
 * first among equal ranks.
 */

export type SearchSort = "recent" | "relevance";
export const SEARCH_SORTS = ["recent", "relevance"] as const;

export interface RankPosition {
  rank: number;
  id: string;
}

export function encodeRankCursor(position: RankPosition): string {
  return Buffer.from(`r${position.rank}_${position.id}`).toString("base64url");
}

function decodeRank(cursor: string): RankPosition | null {
  if (cursor.length > 120 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^r([0-9.e+-]{1,30})_([0-9a-f-]{36})$/.exec(text);
  const rank = Number(match?.[1]);
  if (!match?.[2] || !Number.isFinite(rank) || rank < 0 || !isUuid(match[2])) return null;
  return { rank, id: match[2] };
}

/** Whether `cursor` is a page token of results in this order. */
export function isSearchCursor(sort: SearchSort, cursor: string): boolean {
  return sort === "relevance" ? decodeRank(cursor) !== null : isCursor(cursor);
}

/** The position of a relevance page token; null for the first page; invalid for garbage. */
export function decodeRankCursor(cursor: string | null | undefined): RankPosition | null {
  if (!cursor) return null;
  const position = decodeRank(cursor);
  if (!position) throw invalid("That page link is not valid.", { cursor: "Not a valid page link" });
  return position;
}
