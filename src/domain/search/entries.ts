import { and, type SQL, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { entryListedAtMost, entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { type Planning, withCustomPlans } from "../custom-plans.ts";
import type { EntryView } from "../entries/view-model.ts";
import { entriesById } from "../portfolios/entries-by-id.ts";
import type { Viewer } from "../viewer.ts";
import type { SearchSort } from "./cursor.ts";
import { explainQuery, queryCaveats } from "./explain.ts";
import { formatQuery } from "./format.ts";
import {
  mergeRemotePlaces,
  type PlacedPage,
  type RemoteMatches,
  type RemoteSearch,
  remoteMatches,
} from "./merge-remote.ts";
import {
  ENTRY_SOURCE,
  firstPageAmongFew,
  newestEntries,
  RELEVANCE_WINDOW,
  rankedEntries,
  tokenAfter,
} from "./pages.ts";
import { parseQuery } from "./parse.ts";
import { planSearch, type SearchPlan } from "./plan.ts";
import type { SearchQuery } from "./query.ts";
import { type RemotePostHit, remoteHits, remoteSearchCondition } from "./remote-results.ts";
import { entrySnippets, type Snippet } from "./snippets.ts";

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
 * The places of the page's entries and the count. When the words are common,
 * the first page's own statement counts the matches: it reads COUNT_CAP + 1
 * of the newest (or the whole relevance window), a few more rows than a page,
 * where a separate count would read as many again. Otherwise PostgreSQL must
 * be told that few entries match: left alone it walks the newest-first index
 * hoping to meet a rare word early, and reads most of the table when the
 * word is rare (1.4 s at a million entries); the few matches, found through
 * the text index, sort fast. The first page reads them, sorts and counts
 * them in one statement (firstPageAmongFew); later pages count first.
 */
async function entryPlaces(
  ctx: Ctx,
  where: SQL,
  walk: SQL | null,
  plan: SearchPlan,
  rank: string | null,
  cursor: string | null,
  limit: number,
): Promise<PlacedPage> {
  const counting = cursor === null && plan.common.entries;
  if (cursor === null && !counting) {
    const few = await firstPageAmongFew(ctx, ENTRY_SOURCE, where, rank, COUNT_CAP, limit + 1);
    const total = cappedTotal(few.found);
    // More match than the statistics foretold (or there are no words): page them as common ones.
    const { places } = !total.capped
      ? few
      : rank
        ? await rankedEntries(ctx, where, rank, null, limit + 1)
        : await newestEntries(ctx, where, null, limit + 1);
    return { shown: places.slice(0, limit), more: places.length > limit, total };
  }
  const counted = counting ? null : await countMatches(ctx, where);
  const pageWhere = !counted || counted.capped ? where : and(where, fewMatches(where))!;
  const fetch = counting && !rank ? COUNT_CAP + 1 : limit + 1;
  // A walk (plan.ts) only where common words are paged newest first; not through few matches.
  const walked = plan.common.entries ? walk : null;
  const { places, found } = rank
    ? await rankedEntries(ctx, pageWhere, rank, cursor, fetch, walked)
    : await newestEntries(ctx, pageWhere, cursor, fetch, walked);
  return {
    shown: places.slice(0, limit),
    more: places.length > limit,
    total: counted ?? cappedTotal(found),
  };
}

/**
 * The entries' places and the remote posts'. Both at once, so that in the
 * transaction their statements travel together; but a first page newest
 * first whose words are common in both tables reads the entries first: when
 * more than COUNT_CAP of them match, the remote posts need not be counted,
 * and their statement reads a page instead of 101 matches (for a phrase of
 * common words, 1,100 rows instead of 5,400).
 */
async function bothTables(
  ctx: Ctx,
  plan: SearchPlan,
  remote: RemoteSearch | null,
  entriesOf: () => Promise<PlacedPage>,
): Promise<[PlacedPage, RemoteMatches | null]> {
  if (!remote) return [await entriesOf(), null];
  if (remote.rank || remote.cursor !== null || !plan.common.entries || !plan.common.remote) {
    return Promise.all([entriesOf(), remoteMatches(ctx, remote)]);
  }
  const entries = await entriesOf();
  return [entries, await remoteMatches(ctx, { ...remote, counting: !entries.total.capped })];
}

/** What a search found: its query and plan, its notes and order, and the page's places. */
interface Matches {
  query: SearchQuery;
  plan: SearchPlan;
  notes: string[];
  sort: SearchSort;
  page: PlacedPage;
}

/**
 * Searches the entries this viewer may see in a list. Results, the count and
 * the snippets all come from queries carrying `entryVisibleTo`: a private
 * entry's words never reach anyone else, not even as a number.
 *
 * One read-only transaction: where the results fall is found with
 * statements planned for their values (custom-plans.ts); then the page's
 * views and snippets are read by id, their statements sent together, with
 * plans PostgreSQL may keep (planning them each time cost more than running
 * them). Each round trip costs a socket write and a wake-up on both sides.
 */
export function searchEntries(
  ctx: Ctx,
  viewer: Viewer,
  options: SearchOptions,
): Promise<SearchResults> {
  return withCustomPlans(ctx, (snapshot, planning) =>
    searchPlanned(snapshot, planning, viewer, options),
  );
}

/** searchEntries inside a transaction of withCustomPlans (for-page.ts runs more beside it). */
export async function searchPlanned(
  ctx: Ctx,
  planning: Planning,
  viewer: Viewer,
  options: SearchOptions,
): Promise<SearchResults> {
  const matches = await findMatches(ctx, viewer, options);
  planning.keepPlans();
  return showMatches(ctx, viewer, matches);
}

async function findMatches(ctx: Ctx, viewer: Viewer, options: SearchOptions): Promise<Matches> {
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
  const rank = sort === "relevance" ? plan.rank : null;
  const where = searchCondition(viewer, plan, options.since);
  const walk = plan.walk ? and(entryListedAtMost(viewer), plan.walk)! : null;
  const cursor = options.cursor ?? null;
  const remote =
    plan.remoteWhere === null
      ? null
      : {
          where: remoteSearchCondition(viewer, plan.remoteWhere, options.since),
          cursor,
          limit,
          cap: COUNT_CAP,
          common: plan.common.remote,
          rank,
        };
  const [entryPage, remoteFound] = await bothTables(ctx, plan, remote, () =>
    entryPlaces(ctx, where, walk, plan, rank, cursor, limit),
  );
  const page =
    remote && remoteFound ? mergeRemotePlaces(entryPage, remoteFound, remote) : entryPage;
  if (rank && page.total.capped) {
    notes.push(
      `When more than ${RELEVANCE_WINDOW} entries (or posts from other servers) match, the best matches are picked from the newest ${RELEVANCE_WINDOW}.`,
    );
  }
  return { query, plan, notes, sort, page };
}

/**
 * The page's results, in place order: entries' views and snippets and remote
 * posts' views, each read again under the viewer's rule, so nothing outside
 * it is ever shown. Only the rule: the words were matched already (in the
 * same snapshot), and a plan PostgreSQL keeps for a text match would look the
 * words up in the text index (10 ms for "team") rather than read the page's
 * 20 rows by id.
 */
async function showMatches(ctx: Ctx, viewer: Viewer, matches: Matches): Promise<SearchResults> {
  const { page, plan } = matches;
  const entryIds = page.shown.flatMap((place) => (place.remote ? [] : [place.id]));
  const remoteIds = page.shown.flatMap((place) => (place.remote ? [place.id] : []));
  const visible = entryVisibleTo(viewer, "listing");
  const [views, remote] = await Promise.all([
    entriesById(ctx, entryIds, visible),
    remoteHits(ctx, remoteIds, remotePostVisibleTo(viewer, "listing"), plan.highlight),
  ]);
  const snippets = plan.highlight
    ? await entrySnippets(ctx, views, plan.highlight, visible)
    : new Map<string, Snippet>();
  const hits = page.shown.flatMap((place): SearchHit[] => {
    if (place.remote) {
      const hit = remote.get(place.id);
      return hit ? [hit] : [];
    }
    const entry = views.get(place.id);
    return entry ? [{ entry, snippet: snippets.get(place.id) ?? null }] : [];
  });
  const last = page.shown.at(-1);
  return {
    query: matches.query,
    text: formatQuery(matches.query),
    explanation: explainQuery(matches.query),
    notes: matches.notes,
    sort: matches.sort,
    hits,
    nextCursor: page.more && last ? tokenAfter(last, matches.sort === "relevance") : null,
    total: page.total,
  };
}
