import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import { savedSearches } from "../../db/schema/search.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { withCustomPlans } from "../custom-plans.ts";
import { notShown } from "../entries/not-shown.ts";
import { invalid } from "../errors.ts";
import { isUuid, newId } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { SEARCH_SORTS, type SearchSort } from "./cursor.ts";
import { countMatches, searchCondition, type Total } from "./entries.ts";
import { formatQuery } from "./format.ts";
import { parseQuery } from "./parse.ts";
import { planSearch } from "./plan.ts";
import { countRemoteMatches, remoteSearchCondition } from "./remote-results.ts";

export const MAX_SAVED_SEARCHES = 50;
/** "New since last visit" is counted up to this ("99+"). */
export const NEW_COUNT_CAP = 99;

export interface SavedSearch {
  id: string;
  name: string;
  query: string;
  sort: SearchSort;
  lastSeenAt: Date;
}

export interface SavedSearchWithNews extends SavedSearch {
  /** Results published since the member last opened it, that they may see. */
  fresh: Total;
}

const saveSchema = z.object({
  name: z.string().trim().max(100, "Use at most 100 characters").default(""),
  q: z.string().default(""),
  sort: z.enum(SEARCH_SORTS, { error: "Choose Newest first or Best match" }).default("recent"),
});

/** Saves a search for the member; it starts with nothing new. */
export async function saveSearch(
  ctx: Ctx,
  member: CurrentUser,
  input: { name?: string; q?: string; sort?: string },
): Promise<SavedSearch> {
  const data = parseInput(saveSchema, input);
  const query = formatQuery(parseQuery(data.q));
  if (query === "") throw invalid("Search for something first.", { q: "Write a query first" });
  return transactional(ctx, async (tx) => {
    const [row] = await tx.db
      .select({ n: count() })
      .from(savedSearches)
      .where(eq(savedSearches.ownerId, member.actorId));
    if ((row?.n ?? 0) >= MAX_SAVED_SEARCHES) {
      throw invalid(`You can keep at most ${MAX_SAVED_SEARCHES} saved searches: delete one first.`);
    }
    const saved: SavedSearch = {
      id: newId(),
      name: data.name || query.slice(0, 100),
      query,
      sort: data.sort,
      lastSeenAt: tx.now(),
    };
    await tx.db.insert(savedSearches).values({
      ...saved,
      ownerId: member.actorId,
      createdAt: tx.now(),
    });
    return saved;
  });
}

const columns = {
  id: savedSearches.id,
  name: savedSearches.name,
  query: savedSearches.query,
  sort: savedSearches.sort,
  lastSeenAt: savedSearches.lastSeenAt,
};

/**
 * How many results of the saved query were published after it was last
 * opened, as the member may see them: entries, and posts from other servers
 * under their own rule (`remotePostVisibleTo`, in remoteSearchCondition).
 */
async function countNew(ctx: Ctx, member: CurrentUser, saved: SavedSearch): Promise<Total> {
  const plan = await planSearch(ctx, member, parseQuery(saved.query));
  const local = await countMatches(
    ctx,
    searchCondition(member, plan, saved.lastSeenAt),
    NEW_COUNT_CAP,
  );
  if (plan.remoteWhere === null || local.capped) return local;
  const remote = await countRemoteMatches(
    ctx,
    remoteSearchCondition(member, plan.remoteWhere, saved.lastSeenAt),
    NEW_COUNT_CAP,
  );
  const sum = local.count + remote;
  return { count: Math.min(sum, NEW_COUNT_CAP), capped: sum > NEW_COUNT_CAP };
}

/** The member's saved searches, oldest first, each with its count of new results. */
export async function savedSearchesOf(
  ctx: Ctx,
  member: CurrentUser,
): Promise<SavedSearchWithNews[]> {
  const rows = await ctx.db
    .select(columns)
    .from(savedSearches)
    .where(eq(savedSearches.ownerId, member.actorId))
    .orderBy(asc(savedSearches.createdAt));
  // One saved search after another: a transaction's statements run in turn.
  return withCustomPlans(ctx, async (snapshot) => {
    const withNews: SavedSearchWithNews[] = [];
    for (const row of rows) withNews.push({ ...row, fresh: await countNew(snapshot, member, row) });
    return withNews;
  });
}

/**
 * Opens a saved search: returns it as it was (its `lastSeenAt` tells which
 * results are new) and marks it seen now.
 */
export async function openSavedSearch(
  ctx: Ctx,
  member: CurrentUser,
  id: string,
): Promise<SavedSearch> {
  if (!isUuid(id)) throw notShown();
  return transactional(ctx, async (tx) => {
    const mine = and(eq(savedSearches.id, id), eq(savedSearches.ownerId, member.actorId));
    const [row] = await tx.db.select(columns).from(savedSearches).where(mine).for("update");
    if (!row) throw notShown();
    await tx.db.update(savedSearches).set({ lastSeenAt: tx.now() }).where(mine);
    return row;
  });
}

export async function deleteSavedSearch(ctx: Ctx, member: CurrentUser, id: string): Promise<void> {
  if (!isUuid(id)) throw notShown();
  await transactional(ctx, async (tx) => {
    const deleted = await tx.db
      .delete(savedSearches)
      .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, member.actorId)))
      .returning({ id: savedSearches.id });
    if (deleted.length === 0) throw notShown();
  });
}
