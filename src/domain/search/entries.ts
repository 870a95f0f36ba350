import { and, type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { withCustomPlans } from "../custom-plans.ts";
import type { EntryView } from "../entries/view-model.ts";
import type { Viewer } from "../viewer.ts";
import type { SearchSort } from "./cursor.ts";
import { explainQuery, queryCaveats } from "./explain.ts";
import { formatQuery } from "./format.ts";
import { mergeRemotePosts } from "./merge-remote.ts";
import { pageByRank, pageByRecency, RELEVANCE_WINDOW, type SearchPage } from "./pages.ts";
import { parseQuery } from "./parse.ts";
import { planSearch, type SearchPlan } from "./plan.ts";
import type { SearchQuery } from "./query.ts";
import type { RemotePostHit } from "./remote-results.ts";
import { type Snippet, snippetsFor } from "./snippets.ts";

export interface SearchOptions {
  /** A query string (parsed here) or a query parsed already. */
  q: string | SearchQuery;
  sort?: SearchSort;
  cursor?: string | null;
  limit?: number;
  /** Only entries published after this (saved searches' "new since last visit"). */
  since?: Date | null;
}

/** An entry written here, or a post received from another server (`remote`). */
export type SearchHit =
  | { entry: EntryView; remote?: undefined; snippet: Snippet | null }
  | { entry?: undefined; remote: RemotePostHit; snippet: Snippet | null };

export interface SearchResults {
  query: SearchQuery;
  /** The canonical query string: what the page shows people, to learn the syntax. */
  text: string;
  explanation: string;
  /** What cannot match yet, and words that were left out, in words. */
  notes: string[];
  /** The order actually used: relevance needs words to rank by. */
  sort: SearchSort;
  hits: SearchHit[];
  nextCursor: string | null;
  /** How many entries match, counted up to COUNT_CAP. */
  total: Total;
}

export interface Total {
  count: number;
  /** There are more than `count`. */
  capped: boolean;
}

export const SEARCH_PAGE_SIZE = 20;
export const COUNT_CAP = 100;

/** What a result must be: listed for the viewer, matching the plan, maybe newer than `since`. */
export function searchCondition(viewer: Viewer, plan: SearchPlan, since?: Date | null): SQL {
  const newer = since
    ? sql`${entries.publishedAt} > ${since.toISOString()}::timestamptz`
    : undefined;
  return and(entryVisibleTo(viewer, "listing"), plan.where, newer)!;
}

/** A count of `found` matches, shown up to `cap`. */
export function cappedTotal(found: number, cap = COUNT_CAP): Total {
  return { count: Math.min(found, cap), capped: found > cap };
}

/** How many entries match, counting no further than `cap`. */
export async function countMatches(ctx: Ctx, where: SQL, cap = COUNT_CAP): Promise<Total> {
  const limited = ctx.db
    .select({ one: sql`1` })
    .from(entries)
    .where(where)
    .limit(cap + 1);
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(limited.as("matches"));
  return cappedTotal(row?.n ?? 0, cap);
}

/** Entries among the (at most COUNT_CAP) matches, found without any ordering. */
function fewMatches(where: SQL): SQL {
  // The inner "entries" shadows the outer one, so `where` reads the inner rows.
  return sql`${entries.id} in (select ${entries.id} from ${entries} where ${where} limit ${COUNT_CAP + 1})`;
}

/**
 * The page of results and the count. When the words are common, the first
 * page's own statement counts the matches: it reads COUNT_CAP + 1 of the
 * newest (or the whole relevance window), a few more rows than a page, where
 * a separate count would read as many again. Otherwise the capped count runs
 * first: when few entries match, PostgreSQL is told so. Left alone it walks
 * the newest-first index hoping to meet a rare word early, and reads most of
 * the table when the word is rare (1.4 s at a million entries); the few
 * matches, found through the text index, sort fast.
 */
async function firstMatches(
  ctx: Ctx,
  where: SQL,
  plan: SearchPlan,
  sort: SearchSort,
  cursor: string | null,
  limit: number,
): Promise<{ total: Total; page: SearchPage & { ranks: Map<string, number> | null } }> {
  const counting = cursor === null && plan.common.entries;
  const counted = counting ? null : await countMatches(ctx, where);
  const pageWhere = !counted || counted.capped ? where : and(where, fewMatches(where))!;
  const page =
    sort === "relevance" && plan.rank
      ? await pageByRank(ctx, pageWhere, plan.rank, cursor, limit)
      : {
          ...(await pageByRecency(
            ctx,
            pageWhere,
            cursor,
            limit,
            counting ? COUNT_CAP + 1 : limit + 1,
          )),
          ranks: null,
        };
  return { total: counted ?? cappedTotal(page.found), page };
}

/**
 * Searches the entries this viewer may see in a list. Results, the count and
 * the snippets all come from queries carrying `entryVisibleTo`: a private
 * entry's words never reach anyone else, not even as a number.
 */
export function searchEntries(
  ctx: Ctx,
  viewer: Viewer,
  options: SearchOptions,
): Promise<SearchResults> {
  return withCustomPlans(ctx, (snapshot) => search(snapshot, viewer, options));
}

async function search(ctx: Ctx, viewer: Viewer, options: SearchOptions): Promise<SearchResults> {
  const query = typeof options.q === "string" ? parseQuery(options.q) : options.q;
  const limit = Math.min(Math.max(1, Math.trunc(options.limit ?? SEARCH_PAGE_SIZE)), 100);
  const plan = await planSearch(ctx, viewer, query);
  const notes = [
    ...query.notes,
    ...queryCaveats(query),
    ...plan.ignored.map((term) => `“${term}” has nothing searchable in it; ignored.`),
  ];
  const sort: SearchSort = options.sort === "relevance" && plan.rank ? "relevance" : "recent";
  if (options.sort === "relevance" && !plan.rank) {
    notes.push("Sorted by date: relevance needs words to rank by.");
  }
  const where = searchCondition(viewer, plan, options.since);
  const cursor = options.cursor ?? null;
  const { total, page } = await firstMatches(ctx, where, plan, sort, cursor, limit);
  const snippets = plan.highlight
    ? await snippetsFor(
        ctx,
        page.entries.map((entry) => entry.id),
        plan.highlight,
        entryVisibleTo(viewer, "listing"),
      )
    : new Map<string, Snippet>();
  if (sort === "relevance" && total.capped) {
    notes.push(
      `When more than ${RELEVANCE_WINDOW} entries (or posts from other servers) match, the best matches are picked from the newest ${RELEVANCE_WINDOW}.`,
    );
  }
  const results: SearchResults = {
    query,
    text: formatQuery(query),
    explanation: explainQuery(query),
    notes,
    sort,
    hits: page.entries.map((entry) => ({ entry, snippet: snippets.get(entry.id) ?? null })),
    nextCursor: page.nextCursor,
    total,
  };
  if (plan.remoteWhere === null) return results;
  return mergeRemotePosts(ctx, viewer, results, {
    where: plan.remoteWhere,
    highlight: plan.highlight,
    since: options.since ?? null,
    cursor,
    limit,
    cap: COUNT_CAP,
    common: plan.common.remote,
    ranked: page.ranks && plan.rank ? { tsquery: plan.rank, ranks: page.ranks } : null,
  });
}
