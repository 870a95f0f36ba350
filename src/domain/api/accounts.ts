import { eq, sql } from "drizzle-orm";
import { actors, type ProfileLink } from "../../db/schema/accounts.ts";
import { actorStats } from "../../db/schema/actor-stats.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { Viewer } from "../viewer.ts";
import { fastSelect, preparedForViewer } from "./prepared-queries.ts";

/**
 * Everything the client API shows of an actor (Mastodon's Account entity),
 * for one viewer: the post count and last post date count only public and
 * unlisted posts (anyone may reach those), so they never hint at hidden ones.
 */
export interface AccountView {
  id: string;
  handle: string;
  /** null for a local member. */
  host: string | null;
  displayName: string;
  bioHtml: string;
  bioMarkdown: string;
  links: ProfileLink[];
  /** Local images (storage keys) or remote ones (URLs); at most one of each pair is set. */
  avatarKey: string | null;
  avatarUrl: string | null;
  headerKey: string | null;
  headerUrl: string | null;
  locked: boolean;
  discoverable: boolean;
  /** Remote actors: their ActivityPub id and profile page (local ones derive both). */
  uri: string | null;
  url: string | null;
  locale: string;
  featuredTags: string[];
  createdAt: Date;
  followersCount: number;
  followingCount: number;
  statusesCount: number;
  lastStatusAt: Date | null;
  /** The account it moved to (one level deep), or null. */
  moved: AccountView | null;
}

const columns = {
  id: actors.id,
  handle: actors.handle,
  host: actors.host,
  displayName: actors.displayName,
  bioHtml: actors.bioHtml,
  bioMarkdown: actors.bioMarkdown,
  links: actors.links,
  avatarKey: actors.avatarKey,
  avatarUrl: actors.avatarUrl,
  headerKey: actors.headerKey,
  headerUrl: actors.headerUrl,
  locked: actors.manuallyApprovesFollowers,
  discoverable: actors.listedInDirectory,
  uri: actors.uri,
  url: actors.url,
  locale: actors.locale,
  featuredTags: actors.featuredTags,
  createdAt: actors.createdAt,
  movedToId: actors.movedToId,
};

/**
 * The counts shown with an account, from `actor_stats` (kept by triggers in
 * the transactions that publish, delete and follow): the same for every
 * viewer, except that the author also counts their own followers-only,
 * direct and private posts, and that an author who blocked the viewer (or,
 * for a remote author, whom the viewer blocked) shows none — as
 * `entryVisibleTo` and `remotePostVisibleTo` would show none.
 */
function countColumns(viewer: Viewer) {
  const me = viewer.actorId;
  const hidden =
    me === null
      ? sql<boolean>`false`
      : // Two probes of the blocks key, not one scan of the table with an "or".
        sql<boolean>`(exists (select 1 from blocks b where b.actor_id = ${actors.id} and b.target_id = ${me})
          or (${actors.host} is not null
            and exists (select 1 from blocks b where b.actor_id = ${me} and b.target_id = ${actors.id})))`;
  return {
    followersCount: actorStats.followersCount,
    followingCount: actorStats.followingCount,
    statusesCount: actorStats.statusesCount,
    lastStatusAt: actorStats.lastStatusAt,
    allStatusesCount: actorStats.allStatusesCount,
    allLastStatusAt: actorStats.allLastStatusAt,
    hidden,
  };
}

/**
 * Account views for many actors at once (a timeline's authors): a few
 * queries whatever the number. Unknown ids are left out; the map keeps ids.
 */
export async function accountViews(
  ctx: Ctx,
  viewer: Viewer,
  actorIds: readonly string[],
  depth = 0,
): Promise<Map<string, AccountView>> {
  const ids = [...new Set(actorIds)].filter(isUuid);
  const views = new Map<string, AccountView>();
  if (ids.length === 0) return views;
  const query = preparedForViewer(ctx.db, viewer, "accounts", (shaped) => {
    const fields = { ...columns, ...countColumns(shaped) };
    return fastSelect(
      ctx.db,
      fields,
      ctx.db
        .select(fields)
        .from(actors)
        .leftJoin(actorStats, eq(actorStats.actorId, actors.id))
        .where(sql`${actors.id} = any(${sql.placeholder("ids")}::uuid[])`),
    );
  });
  const rows = await query.execute({ ids, viewer: viewer.actorId });
  if (rows.length === 0) return views;
  const movedIds = rows.flatMap((r) => (r.movedToId ? [r.movedToId] : []));
  const moved =
    depth === 0 && movedIds.length > 0 ? await accountViews(ctx, viewer, movedIds, 1) : new Map();
  for (const { movedToId, hidden, allStatusesCount, allLastStatusAt, ...row } of rows) {
    const own = row.id === viewer.actorId;
    views.set(row.id, {
      ...row,
      displayName: row.displayName || row.handle,
      // An actor who never posted nor followed may have no stats row yet.
      followersCount: row.followersCount ?? 0,
      followingCount: row.followingCount ?? 0,
      statusesCount: hidden ? 0 : ((own ? allStatusesCount : row.statusesCount) ?? 0),
      lastStatusAt: hidden ? null : own ? allLastStatusAt : row.lastStatusAt,
      moved: movedToId ? (moved.get(movedToId) ?? null) : null,
    });
  }
  return views;
}

/** One account view, or null when the id is unknown. */
export async function accountView(
  ctx: Ctx,
  viewer: Viewer,
  actorId: string,
): Promise<AccountView | null> {
  return (await accountViews(ctx, viewer, [actorId])).get(actorId) ?? null;
}
