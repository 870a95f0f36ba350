import { and, eq, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { shares } from "../../db/schema/social.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { ANONYMOUS, type Viewer } from "../viewer.ts";

/**
 * Where a newly published post may go live for ONE viewer, decided in SQL
 * with the same authorization rules as every other read. A post the viewer
 * may not see is null: it is never sent, on any stream.
 */
export interface StreamReach {
  /** Their home timeline: by them, or by someone they follow (shared by, for a share). */
  home: boolean;
  /** The public timelines: public, listed, visible to anyone. */
  public: boolean;
  /** Written on this instance (for `public:local`). */
  local: boolean;
  /** Its tags, lower case (for `hashtag`). */
  tags: string[];
}

interface Row {
  actorId: string;
  home: boolean;
  public: boolean;
  local: boolean;
  tags: string[] | null;
}

/** The viewer follows `actor` (accepted) or is them, and has not muted or blocked them. */
function inHomeOf(viewer: Viewer, actor: SQL | typeof entries.authorId): SQL {
  if (viewer.actorId === null) return sql`false`;
  return sql`((${actor} = ${viewer.actorId} or exists (select 1 from follows f
      where f.follower_id = ${viewer.actorId} and f.followed_id = ${actor} and f.state = 'accepted'))
    and not exists (select 1 from mutes m where m.actor_id = ${viewer.actorId}
      and m.target_id = ${actor} and (m.expires_at is null or m.expires_at > now())))`;
}

/** The viewer has not blocked or muted `actor` (they see nothing of them live). */
function notSilencedBy(viewer: Viewer, actor: SQL | typeof entries.authorId): SQL {
  if (viewer.actorId === null) return sql`true`;
  return sql`not exists (select 1 from blocks b where b.actor_id = ${viewer.actorId}
      and b.target_id = ${actor})
    and not exists (select 1 from mutes m where m.actor_id = ${viewer.actorId}
      and m.target_id = ${actor} and (m.expires_at is null or m.expires_at > now()))`;
}

async function entryReach(ctx: Ctx, viewer: Viewer, id: string): Promise<Row | undefined> {
  const [row] = await ctx.db
    .select({
      actorId: entries.authorId,
      home: sql<boolean>`${inHomeOf(viewer, entries.authorId)}`,
      public: sql<boolean>`${entryVisibleTo(ANONYMOUS, "listing")}`,
      local: sql<boolean>`true`,
      tags: sql<string[]>`array(select t.tag from entry_tags t where t.entry_id = ${entries.id})`,
    })
    .from(entries)
    .where(
      and(
        eq(entries.id, id),
        entryVisibleTo(viewer, "listing"),
        notSilencedBy(viewer, entries.authorId),
      ),
    );
  return row;
}

async function remoteReach(ctx: Ctx, viewer: Viewer, id: string): Promise<Row | undefined> {
  const [row] = await ctx.db
    .select({
      actorId: remotePosts.authorId,
      home: sql<boolean>`${inHomeOf(viewer, sql`${remotePosts.authorId}`)}`,
      public: sql<boolean>`${remotePostVisibleTo(ANONYMOUS, "listing")}`,
      local: sql<boolean>`false`,
      tags: sql<string[]>`array(select lower(t) from unnest(${remotePosts.tags}) t)`,
    })
    .from(remotePosts)
    .where(
      and(
        eq(remotePosts.id, id),
        remotePostVisibleTo(viewer, "listing"),
        notSilencedBy(viewer, sql`${remotePosts.authorId}`),
      ),
    );
  return row;
}

/**
 * A share goes to the home timelines its sharer's posts go to, and only when
 * the shared post is itself visible to the viewer.
 */
async function shareReach(ctx: Ctx, viewer: Viewer, id: string): Promise<Row | undefined> {
  const sharer = sql`${shares.actorId}`;
  const shared = sql`(exists (select 1 from ${entries} where ${entries.id} = ${shares.entryId}
      and ${entryVisibleTo(viewer, "listing")} and ${notSilencedBy(viewer, entries.authorId)})
    or exists (select 1 from ${remotePosts} where ${remotePosts.id} = ${shares.remotePostId}
      and ${remotePostVisibleTo(viewer, "listing")}
      and ${notSilencedBy(viewer, sql`${remotePosts.authorId}`)}))`;
  const sharedByFollower =
    viewer.actorId === null
      ? sql`false`
      : sql`(${shares.audience} <> 'followers' or ${shares.actorId} = ${viewer.actorId}
          or exists (select 1 from follows f where f.follower_id = ${viewer.actorId}
            and f.followed_id = ${shares.actorId} and f.state = 'accepted'))`;
  const [row] = await ctx.db
    .select({
      actorId: shares.actorId,
      home: sql<boolean>`${inHomeOf(viewer, sharer)}`,
      // Public timelines carry posts, not shares (as Mastodon's do).
      public: sql<boolean>`false`,
      local: sql<boolean>`${actors.host} is null`,
      tags: sql<string[]>`array[]::text[]`,
    })
    .from(shares)
    .innerJoin(actors, eq(actors.id, shares.actorId))
    .where(
      and(
        eq(shares.id, id),
        shared,
        viewer.actorId === null ? eq(shares.audience, "public") : sharedByFollower,
        notSilencedBy(viewer, sharer),
      ),
    );
  return row;
}

export type StreamPostKind = "entry" | "remote" | "share";

/** Which table post `id` is in (asked once per event, whoever listens). */
export async function streamPostKind(ctx: Ctx, id: string): Promise<StreamPostKind | null> {
  if (!isUuid(id)) return null;
  const [row] = await ctx.db.execute<{ kind: StreamPostKind }>(sql`
    select 'entry' as kind from entries where id = ${id}
    union all select 'remote' from remote_posts where id = ${id}
    union all select 'share' from shares where id = ${id}
    limit 1`);
  return row?.kind ?? null;
}

const REACH_OF = { entry: entryReach, remote: remoteReach, share: shareReach };

/**
 * Where post `id` (an entry, a remote post or a share: `kind`) may appear
 * live for `viewer`; null when they may not see it at all.
 */
export async function streamReach(
  ctx: Ctx,
  viewer: Viewer,
  id: string,
  kind: StreamPostKind,
): Promise<StreamReach | null> {
  if (!isUuid(id)) return null;
  const row = await REACH_OF[kind](ctx, viewer, id);
  if (!row) return null;
  return {
    home: row.home,
    public: row.public,
    local: row.local,
    tags: (row.tags ?? []).map((tag) => tag.toLowerCase()),
  };
}

/**
 * Whether `actorId`'s posts reach `viewer`'s home timeline (they are the
 * viewer or followed by them): where a `delete` of their post goes.
 */
export async function homeIncludesActor(
  ctx: Ctx,
  viewer: Viewer,
  actorId: string,
): Promise<boolean> {
  if (viewer.actorId === null || !isUuid(actorId)) return false;
  if (viewer.actorId === actorId) return true;
  const rows =
    await ctx.db.execute(sql`select 1 from follows f where f.follower_id = ${viewer.actorId}
    and f.followed_id = ${actorId} and f.state = 'accepted' limit 1`);
  return rows.length > 0;
}
