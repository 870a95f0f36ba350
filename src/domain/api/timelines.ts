import { type SQL, sql } from "drizzle-orm";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { withCustomPlans } from "../custom-plans.ts";
import { isUuid } from "../ids.ts";
import { remotePostTagged } from "../tag-conditions.ts";
import { tagKey } from "../tags.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";
import { keysetRangeParams, type PageRequest, pageShape, pageValues, sortPage } from "./paging.ts";
import { fastSelect, inlined, preparedForViewer, preparedOn } from "./prepared-queries.ts";
import { shareVisibleTo } from "./status-views.ts";

/**
 * The client API's timelines as lists of status ids, newest first, for one
 * viewer. Each source (entries, remote posts, shares) is one branch with the
 * authorization rule inside it, bounded by the page and read in index order;
 * the branches merge by (time, id). Callers load the ids with `statusViews`.
 * Each timeline's query is built once per shape and prepared
 * (prepared-queries.ts): the viewer, the page and the other values are
 * placeholders.
 */

export interface TimelinePage {
  /** Status ids in order. */
  ids: string[];
  /** What the Link header pages by (the same ids, or bookmark/like ids). */
  pageIds: string[];
}

/** Where an id sits in any post timeline: an entry's, remote post's or share's time. */
const postAnchor = (id: SQL) => sql`(select coalesce(
  (select e.published_at from entries e where e.id = ${id}),
  (select coalesce(r.published_at, r.received_at) from remote_posts r where r.id = ${id}),
  (select s.created_at from shares s where s.id = ${id})))`;

/**
 * The page size written into the SQL (so part of the shape): PostgreSQL
 * plans a prepared query's `limit $1` for an unknown size and then keeps
 * planning it afresh on every call, a larger cost than running it.
 */
function limitOf(page: PageRequest): SQL {
  const n = Number.isSafeInteger(page.limit) && page.limit > 0 ? page.limit : 20;
  return sql.raw(String(n));
}

interface Branch {
  at: SQL;
  id: SQL;
  from: SQL;
  where: SQL;
}

function branchSql(page: PageRequest, branch: Branch): SQL {
  const range = keysetRangeParams(page, branch.at, branch.id, postAnchor) ?? sql`true`;
  return sql`(select ${branch.at} as at, ${branch.id} as id from ${branch.from}
    where ${branch.where} and ${range}
    order by ${sql.join(page.order(branch.at, branch.id), sql`, `)} limit ${limitOf(page)})`;
}

/**
 * Runs a timeline: `shape` names everything its SQL depends on besides the
 * viewer and the page; `branches` builds it (for the placeholder viewer),
 * once per shape; `values` fills its other placeholders.
 */
async function runBranches(
  ctx: Ctx,
  viewer: Viewer,
  page: PageRequest,
  shape: string,
  branches: (viewer: Viewer) => Branch[],
  values: Record<string, unknown> = {},
): Promise<TimelinePage> {
  const key = `timeline:${shape}:${pageShape(page)}:${page.limit}`;
  const query = preparedForViewer(ctx.db, viewer, key, (shaped) => {
    const parts = branches(shaped);
    if (parts.length === 0) return null;
    const union = sql.join(
      parts.map((b) => branchSql(page, b)),
      sql` union all `,
    );
    const fields = { id: sql<string>`t.id` };
    return fastSelect(
      ctx.db,
      fields,
      ctx.db
        .select(fields)
        .from(
          inlined(sql`(select u.at, u.id from (${union}) u
          order by ${sql.join(page.order(sql`u.at`, sql`u.id`), sql`, `)} limit ${limitOf(page)}) t`),
        )
        .orderBy(...page.order(sql`t.at`, sql`t.id`)),
    );
  });
  if (!query) return { ids: [], pageIds: [] };
  const rows = await query.execute({ viewer: viewer.actorId, ...pageValues(page), ...values });
  const ids = sortPage(page, rows).map((row) => row.id);
  return { ids, pageIds: ids };
}

const ENTRY_AT = sql`"entries"."published_at"`;
const ENTRY_ID = sql`"entries"."id"`;
const REMOTE_AT = sql`coalesce("remote_posts"."published_at", "remote_posts"."received_at")`;
const REMOTE_ID = sql`"remote_posts"."id"`;

/** Actors the viewer muted (unexpired) or blocked: their posts stay out of lists. */
function notSilenced(viewer: Viewer, author: SQL): SQL {
  if (viewer.actorId === null) return sql`true`;
  return sql`not exists (select 1 from mutes m where m.actor_id = ${viewer.actorId}
      and m.target_id = ${author} and (m.expires_at is null or m.expires_at > now()))
    and not exists (select 1 from blocks b where b.actor_id = ${viewer.actorId}
      and b.target_id = ${author})`;
}

function entryBranch(viewer: Viewer, ...conditions: SQL[]): Branch {
  return {
    at: ENTRY_AT,
    id: ENTRY_ID,
    from: sql`entries`,
    where: sql.join(
      [
        entryVisibleTo(viewer, "listing"),
        // Implied by the listing rule; written as constants so that a prepared (generic) plan
        // may read the partial index entries_published_idx.
        sql`"entries"."status" = 'published' and "entries"."published_at" is not null`,
        notSilenced(viewer, sql`"entries"."author_id"`),
        ...conditions,
      ],
      sql` and `,
    ),
  };
}

function remoteBranch(viewer: Viewer, ...conditions: SQL[]): Branch {
  return {
    at: REMOTE_AT,
    id: REMOTE_ID,
    from: sql`remote_posts`,
    where: sql.join(
      [
        remotePostVisibleTo(viewer, "listing"),
        notSilenced(viewer, sql`"remote_posts"."author_id"`),
        ...conditions,
      ],
      sql` and `,
    ),
  };
}

/** Shares the viewer may see whose shared post they may also see (by its link). */
function shareBranch(viewer: Viewer, ...conditions: SQL[]): Branch {
  const audience = shareVisibleTo(viewer, "listing", {
    audience: sql`s.audience`,
    actorId: sql`s.actor_id`,
  });
  const target = sql`(exists (select 1 from entries where "entries"."id" = s.entry_id
        and ${entryVisibleTo(viewer, "direct")} and ${notSilenced(viewer, sql`"entries"."author_id"`)})
      or exists (select 1 from remote_posts where "remote_posts"."id" = s.remote_post_id
        and ${remotePostVisibleTo(viewer, "direct")}
        and ${notSilenced(viewer, sql`"remote_posts"."author_id"`)}))`;
  return {
    at: sql`s.created_at`,
    id: sql`s.id`,
    from: sql`shares s`,
    where: sql.join(
      [audience, target, notSilenced(viewer, sql`s.actor_id`), ...conditions],
      sql` and `,
    ),
  };
}

const followedBy = (actorId: string) => sql`(select f.followed_id from follows f
  where f.follower_id = ${actorId} and f.state = 'accepted')`;

/** The member's home: their own posts and those of whom they follow, shares included. */
export function homeTimeline(ctx: Ctx, user: CurrentUser, page: PageRequest) {
  return runBranches(ctx, user, page, "home", (viewer) => {
    const me = viewer.actorId as string;
    const followed = followedBy(me);
    return [
      entryBranch(
        viewer,
        sql`("entries"."author_id" = ${me} or "entries"."author_id" in ${followed})`,
      ),
      remoteBranch(viewer, sql`"remote_posts"."author_id" in ${followed}`),
      shareBranch(viewer, sql`(s.actor_id = ${me} or s.actor_id in ${followed})`),
    ];
  });
}

export interface PublicOptions {
  local?: boolean;
  remote?: boolean;
  onlyMedia?: boolean;
}

const ENTRY_HAS_MEDIA = sql`exists (select 1 from media m where m.entry_id = "entries"."id")`;
const REMOTE_HAS_MEDIA = sql`jsonb_array_length("remote_posts"."attachments") > 0`;

function postBranches(viewer: Viewer, options: PublicOptions, entry: SQL[], remote: SQL[]) {
  const branches: Branch[] = [];
  if (!options.remote) {
    branches.push(entryBranch(viewer, ...entry, ...(options.onlyMedia ? [ENTRY_HAS_MEDIA] : [])));
  }
  if (!options.local) {
    branches.push(
      remoteBranch(viewer, ...remote, ...(options.onlyMedia ? [REMOTE_HAS_MEDIA] : [])),
    );
  }
  return branches;
}

const optionsShape = (options: PublicOptions) =>
  `${options.local ? "local" : ""}:${options.remote ? "remote" : ""}:${options.onlyMedia ? "media" : ""}`;

/** Public posts known here (local ones, remote ones, or both). */
export function publicTimeline(
  ctx: Ctx,
  viewer: Viewer,
  page: PageRequest,
  options: PublicOptions,
) {
  return runBranches(ctx, viewer, page, `public:${optionsShape(options)}`, (shaped) =>
    postBranches(shaped, options, [], []),
  );
}

const TAG = sql.placeholder("tag");
// Entries through entry_tags, whose statistics tell a rare tag (src/domain/tag-conditions.ts).
const ENTRY_TAGGED = sql`exists (select 1 from entry_tags et
  where et.entry_id = "entries"."id" and et.tag = ${TAG}::text)`;
const REMOTE_TAGGED = remotePostTagged(sql`${TAG}::text`);

/** Public posts with a hashtag. */
export function tagTimeline(
  ctx: Ctx,
  viewer: Viewer,
  tag: string,
  page: PageRequest,
  options: PublicOptions,
) {
  // Planned for this tag each time: a generic plan takes any tag for a common one.
  return withCustomPlans(ctx, (planned) =>
    runBranches(
      planned,
      viewer,
      page,
      `tag:${optionsShape(options)}`,
      (shaped) => postBranches(shaped, options, [ENTRY_TAGGED], [REMOTE_TAGGED]),
      { tag: tagKey(tag.replace(/^#/, "")) },
    ),
  );
}

export interface AccountStatusOptions {
  pinned?: boolean;
  onlyMedia?: boolean;
  excludeReplies?: boolean;
  excludeReblogs?: boolean;
  tagged?: string | null;
}

/** An account's posts and shares the viewer may see (GET /api/v1/accounts/:id/statuses). */
export async function accountTimeline(
  ctx: Ctx,
  viewer: Viewer,
  actorId: string,
  page: PageRequest,
  options: AccountStatusOptions,
): Promise<TimelinePage> {
  if (!isUuid(actorId)) return { ids: [], pageIds: [] };
  if (options.pinned) {
    // Pins come in the member's order, all on the first page.
    if (page.maxId || page.minId || page.sinceId) return { ids: [], pageIds: [] };
    const rows = await ctx.db.execute<{ id: string }>(sql`select p.entry_id as id
      from pinned_entries p join entries on "entries"."id" = p.entry_id
      where p.actor_id = ${actorId} and ${entryVisibleTo(viewer, "listing")}
      order by p.position, p.pinned_at limit ${page.limit}`);
    const ids = rows.map((row) => row.id);
    return { ids, pageIds: ids };
  }
  const ACTOR = sql`${sql.placeholder("actor")}::uuid`;
  const withShares = !options.excludeReblogs && !options.onlyMedia && !options.tagged;
  const shape = [
    options.excludeReplies ? "noreplies" : "",
    options.onlyMedia ? "media" : "",
    options.tagged ? "tagged" : "",
    withShares ? "shares" : "",
  ].join(":");
  const build = (shaped: Viewer) => {
    const entry: SQL[] = [sql`"entries"."author_id" = ${ACTOR}`];
    const remote: SQL[] = [sql`"remote_posts"."author_id" = ${ACTOR}`];
    if (options.excludeReplies) {
      entry.push(
        sql`"entries"."in_reply_to_entry_id" is null and "entries"."in_reply_to_remote_id" is null`,
      );
      remote.push(sql`"remote_posts"."in_reply_to_uri" is null`);
    }
    if (options.onlyMedia) {
      entry.push(ENTRY_HAS_MEDIA);
      remote.push(REMOTE_HAS_MEDIA);
    }
    if (options.tagged) {
      entry.push(ENTRY_TAGGED);
      remote.push(REMOTE_TAGGED);
    }
    const branches = [entryBranch(shaped, ...entry), remoteBranch(shaped, ...remote)];
    if (withShares) branches.push(shareBranch(shaped, sql`s.actor_id = ${ACTOR}`));
    return branches;
  };
  return runBranches(ctx, viewer, page, `account:${shape}`, build, {
    actor: actorId,
    tag: options.tagged ? tagKey(options.tagged.replace(/^#/, "")) : null,
  });
}

/**
 * The member's bookmarks or likes, newest first, paged by the bookmark's or
 * like's own id (as Mastodon does). Posts they can no longer see drop out
 * when loaded.
 */
export async function savedTimeline(
  ctx: Ctx,
  user: CurrentUser,
  which: "bookmarks" | "likes",
  page: PageRequest,
): Promise<TimelinePage> {
  const query = preparedOn(ctx.db, `saved:${which}:${pageShape(page)}:${page.limit}`, () => {
    const table = sql.raw(which);
    const anchor = (id: SQL) => sql`(select x.created_at from ${table} x where x.id = ${id})`;
    const range = keysetRangeParams(page, sql`x.created_at`, sql`x.id`, anchor) ?? sql`true`;
    const fields = { id: sql<string>`t.id`, postId: sql<string>`t.post_id` };
    return fastSelect(
      ctx.db,
      fields,
      ctx.db
        .select(fields)
        .from(
          inlined(sql`(select x.id, coalesce(x.entry_id, x.remote_post_id) as post_id, x.created_at
        from ${table} x where x.actor_id = ${sql.placeholder("viewer")}::uuid and ${range}
        order by ${sql.join(page.order(sql`x.created_at`, sql`x.id`), sql`, `)}
        limit ${limitOf(page)}) t`),
        )
        .orderBy(...page.order(sql`t.created_at`, sql`t.id`)),
    );
  });
  const rows = await query.execute({ viewer: user.actorId, ...pageValues(page) });
  const sorted = sortPage(page, rows);
  return { ids: sorted.map((row) => row.postId), pageIds: sorted.map((row) => row.id) };
}
