import { and, desc, eq, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { parseQuery, type SearchQuery, searchEntries } from "../search/index.ts";
import { handleLike, nameLike } from "../search/people.ts";
import type { Viewer } from "../viewer.ts";

/**
 * What the client API's search (`/api/v2/search`, `/api/v1/accounts/search`)
 * asks of the domain. Statuses go through the same query language and the
 * same `searchEntries` as the /search page (results scoped by viewer inside
 * the SQL); accounts are matched by trigram on handles and names.
 */

/** How far `offset` may page into status results (each step is a search page). */
export const MAX_SEARCH_OFFSET = 400;
const PAGE = 100;

/** `@user@host`, `user@host` or `@user`: a handle, maybe with a host. */
const ADDRESS = /^@?([A-Za-z0-9_.-]{1,100})(?:@([A-Za-z0-9.-]{1,253}(?::\d{1,5})?))?$/;

export interface AccountSearch {
  q: string;
  limit: number;
  offset?: number;
  /** Only accounts the viewer follows. */
  following?: boolean;
}

/** The viewer and the actor blocked neither one the other. */
function notBlocked(viewer: Viewer): SQL | undefined {
  if (viewer.actorId === null) return undefined;
  return sql`not exists (select 1 from blocks b where
    (b.actor_id = ${viewer.actorId} and b.target_id = ${actors.id})
    or (b.actor_id = ${actors.id} and b.target_id = ${viewer.actorId}))`;
}

/**
 * Accounts (members of this instance, and remote accounts this server knows)
 * whose handle or name looks like `q`, best first: the exact handle, then by
 * trigram similarity. Returns actor ids.
 */
export async function searchAccountIds(
  ctx: Ctx,
  viewer: Viewer,
  search: AccountSearch,
): Promise<string[]> {
  const q = search.q.trim().slice(0, 200);
  if (q === "") return [];
  const address = ADDRESS.exec(q);
  const ownHost = new URL(ctx.config.publicUrl).host.toLowerCase();
  const handle = address?.[1] ?? null;
  const rawHost = address?.[2]?.toLowerCase() ?? null;
  const host = rawHost === ownHost ? null : rawHost;
  const words = q.replace(/^@/, "").split(/\s+/).filter(Boolean).slice(0, 4);
  const matches: SQL =
    handle && rawHost
      ? and(
          sql`lower(${actors.handle}) = lower(${handle})`,
          host === null ? isNull(actors.host) : sql`lower(${actors.host}) = ${host}`,
        )!
      : and(
          ...words.map(
            (word) => or(handleLike(actors.handle, word), nameLike(actors.displayName, word))!,
          ),
        )!;
  const following =
    search.following && viewer.actorId !== null
      ? sql`exists (select 1 from follows f where f.follower_id = ${viewer.actorId}
          and f.followed_id = ${actors.id} and f.state = 'accepted')`
      : search.following
        ? sql`false`
        : undefined;
  const whole = words.join(" ");
  const rows = await ctx.db
    .select({ id: actors.id })
    .from(actors)
    .leftJoin(users, eq(users.actorId, actors.id))
    // A local actor is a member (with an account); a remote one is anyone we know.
    .where(
      and(or(isNotNull(actors.host), isNotNull(users.id)), matches, following, notBlocked(viewer)),
    )
    .orderBy(
      desc(sql`lower(${actors.handle}) = lower(${handle ?? whole})`),
      desc(sql`${actors.host} is null`),
      desc(
        sql`greatest(similarity(${actors.handle}, ${whole}), similarity(${actors.displayName}, ${whole}))`,
      ),
      actors.handle,
    )
    .limit(search.limit)
    .offset(Math.min(search.offset ?? 0, MAX_SEARCH_OFFSET));
  return rows.map((row) => row.id);
}

/** The query with `from:` the author of `accountId` added; null for an unknown account. */
async function fromAccount(
  ctx: Ctx,
  query: SearchQuery,
  accountId: string,
): Promise<SearchQuery | null> {
  if (!isUuid(accountId)) return null;
  const [author] = await ctx.db
    .select({ handle: actors.handle, host: actors.host })
    .from(actors)
    .where(eq(actors.id, accountId));
  if (!author) return null;
  const from = { type: "from" as const, handle: author.handle, host: author.host, negated: false };
  return { ...query, groups: [...query.groups, [from]] };
}

export interface StatusSearch {
  q: string;
  limit: number;
  offset?: number;
  /** Only posts by this account (the API's `account_id`). */
  accountId?: string | null;
}

/**
 * Ids of the entries matching `q` (the /search query language) that the
 * viewer may see, newest first, skipping `offset` of them.
 */
export async function searchStatusIds(
  ctx: Ctx,
  viewer: Viewer,
  search: StatusSearch,
): Promise<string[]> {
  let query = parseQuery(search.q);
  if (search.accountId) {
    const narrowed = await fromAccount(ctx, query, search.accountId);
    if (!narrowed) return [];
    query = narrowed;
  }
  if (query.groups.length === 0) return [];
  const offset = Math.min(Math.max(0, search.offset ?? 0), MAX_SEARCH_OFFSET);
  const ids: string[] = [];
  let cursor: string | null = null;
  // Pages of the page's search until `offset + limit` are in hand (offset is bounded).
  while (ids.length < offset + search.limit) {
    const want = Math.min(PAGE, offset + search.limit - ids.length);
    const results = await searchEntries(ctx, viewer, { q: query, cursor, limit: want });
    ids.push(...results.hits.map((hit) => (hit.remote ? hit.remote.id : hit.entry.id)));
    cursor = results.nextCursor;
    if (!cursor || results.hits.length === 0) break;
  }
  return ids.slice(offset, offset + search.limit);
}

/**
 * A post this server already has, named by its URL: a local entry's page
 * (`/@handle/<id>`) or a remote post's id or page. Returns its id when the
 * viewer may see it (by direct access: they hold the link).
 */
export async function knownPostByUrl(
  ctx: Ctx,
  viewer: Viewer,
  url: string,
): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  const local = new URL(ctx.config.publicUrl);
  if (parsed.host.toLowerCase() === local.host.toLowerCase()) {
    const id = /^\/@[^/]+\/([0-9a-f-]{36})\/?$/i.exec(parsed.pathname)?.[1];
    if (!id || !isUuid(id)) return null;
    const [row] = await ctx.db
      .select({ id: entries.id })
      .from(entries)
      .where(and(eq(entries.id, id), entryVisibleTo(viewer, "direct")));
    return row?.id ?? null;
  }
  const [row] = await ctx.db
    .select({ id: remotePosts.id })
    .from(remotePosts)
    .where(
      and(
        or(eq(remotePosts.uri, parsed.href), eq(remotePosts.url, parsed.href)),
        remotePostVisibleTo(viewer, "direct"),
      ),
    )
    .limit(1);
  return row?.id ?? null;
}
