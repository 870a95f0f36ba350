import type { Ctx } from "../context.ts";
import { withCustomPlans } from "../custom-plans.ts";
import type { MemberSummary } from "../entries/profile.ts";
import type { Tag } from "../tags.ts";
import type { Viewer } from "../viewer.ts";
import type { SearchSort } from "./cursor.ts";
import { type SearchResults, searchPlanned } from "./entries.ts";
import { matchingPeople, matchingTags, nameWords } from "./people.ts";
import type { SearchQuery } from "./query.ts";

/** What the search page shows: the results, and people and tags named like the words. */
export interface SearchPageResults {
  /** Null when the query has nothing to search for. */
  results: SearchResults | null;
  people: MemberSummary[];
  tags: Tag[];
}

/**
 * Everything the /search page reads, in one transaction: people and tags
 * named like the words (on the first page) are asked for beside the search's
 * first statement, so they cost no round trip of their own.
 */
export async function searchForPage(
  ctx: Ctx,
  viewer: Viewer,
  options: { query: SearchQuery; sort: SearchSort; cursor: string | null },
): Promise<SearchPageResults> {
  const { query, sort, cursor } = options;
  if (query.groups.length === 0) return { results: null, people: [], tags: [] };
  const words = cursor === null ? nameWords(query) : [];
  return withCustomPlans(ctx, async (snapshot, planning) => {
    const [results, people, tags] = await Promise.all([
      searchPlanned(snapshot, planning, viewer, { q: query, sort, cursor }),
      matchingPeople(snapshot, words),
      matchingTags(snapshot, viewer, words),
    ]);
    return { results, people, tags };
  });
}
