import { and, eq, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { type RemoteAttachment, remotePosts } from "../../db/schema/federation.ts";
import { shares } from "../../db/schema/social.ts";
import { type Access, entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { type MediaView, mediaForEntries } from "../media/index.ts";
import type { Viewer } from "../viewer.ts";
import { fastSelect, inlined, preparedForViewer } from "./prepared-queries.ts";
import { statsColumns } from "./status-stats.ts";

/**
 * Posts as the client API shows them (Mastodon's Status), for one viewer, in
 * batches: a page of ids costs a fixed number of queries, each built once
 * per shape and prepared (prepared-queries.ts). An id is an entry, a remote
 * post or a share (a share shows the post it shares). Ids the viewer may not
 * see are simply absent from the result: every query carries
 * `entryVisibleTo` / `remotePostVisibleTo`.
 */

/** The ids a batch asks for, as one array parameter. */
const IDS = sql`${sql.placeholder("ids")}::uuid[]`;

export type { RemoteAttachment };

export type ApiVisibility = "public" | "unlisted" | "private" | "direct";

export interface PostView {
  kind: "entry" | "remote";
  id: string;
  authorId: string;
  /** Entries: the author's handle (for the permalink); remote posts: "". */
  authorHandle: string;
  /** Remote posts: their ActivityPub id and page; entries: null (built from the handle). */
  uri: string | null;
  url: string | null;
  publishedAt: Date;
  editedAt: Date | null;
  /** The entry's kind ("article" shows its title first); remote: the object type. */
  entryKind: string;
  title: string;
  contentHtml: string;
  /** The author's Markdown (entries only; shown to the author for editing). */
  sourceText: string | null;
  spoilerText: string;
  sensitive: boolean;
  visibility: ApiVisibility;
  language: string | null;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  prompt: string | null;
  /** Hashtags: the lower-case name and the author's spelling. */
  tags: { name: string; display: string }[];
  mentionIds: string[];
  media: MediaView[];
  remoteMedia: RemoteAttachment[];
  repliesCount: number;
  reblogsCount: number;
  favouritesCount: number;
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  /** Whether the viewer pinned it (their own entries only), else null. */
  pinned: boolean | null;
}

export interface StatusView {
  /** The status id: the post's, or the share's. */
  id: string;
  /** Set when the status is a share ("reblog") of `post`. */
  share: { actorId: string; createdAt: Date; visibility: ApiVisibility } | null;
  post: PostView;
}

const ENTRY_VISIBILITY: Record<string, ApiVisibility> = {
  public: "public",
  unlisted: "unlisted",
  followers: "private",
  direct: "direct",
  // "Only me" reaches the author alone: shown to them as a direct post naming nobody.
  private: "direct",
};

const mapVisibility = (audience: string): ApiVisibility => ENTRY_VISIBILITY[audience] ?? "direct";

const toDate = (value: string | Date | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

function entryQuery(ctx: Ctx, viewer: Viewer, access: Access) {
  const id = `"entries"."id"`;
  const fields = {
    id: entries.id,
    authorId: entries.authorId,
    handle: actors.handle,
    kind: entries.kind,
    prompt: entries.prompt,
    title: entries.title,
    bodyHtml: entries.bodyHtml,
    bodyMarkdown: entries.bodyMarkdown,
    contentWarning: entries.contentWarning,
    sensitive: entries.sensitive,
    audience: entries.audience,
    language: entries.language,
    inReplyToEntryId: entries.inReplyToEntryId,
    inReplyToRemoteId: entries.inReplyToRemoteId,
    publishedAt: entries.publishedAt,
    createdAt: entries.createdAt,
    editedAt: sql<string | null>`(select max(v.replaced_at) from entry_versions v
        where v.entry_id = "entries"."id")`,
    inReplyToAccountId: sql<string | null>`coalesce(
        (select p.author_id from entries p where p.id = "entries"."in_reply_to_entry_id"),
        (select p.author_id from remote_posts p where p.id = "entries"."in_reply_to_remote_id"))`,
    tags: sql<{ name: string; display: string }[]>`coalesce((select json_agg(json_build_object(
        'name', et.tag, 'display', et.display) order by et.tag) from entry_tags et
        where et.entry_id = "entries"."id"), '[]'::json)`,
    mentionIds: sql<string[]>`coalesce((select json_agg(m.actor_id) from entry_mentions m
        where m.entry_id = "entries"."id"), '[]'::json)`,
    pinned:
      viewer.actorId === null
        ? sql<boolean>`false`
        : sql<boolean>`exists (select 1 from pinned_entries p where p.entry_id = "entries"."id"
            and p.actor_id = ${viewer.actorId})`,
    hasMedia: sql<boolean>`exists (select 1 from media m where m.entry_id = "entries"."id")`,
    ...statsColumns(viewer, "entry_id", id),
  };
  return fastSelect(
    ctx.db,
    fields,
    ctx.db
      .select(fields)
      .from(entries)
      .innerJoin(actors, eq(actors.id, entries.authorId))
      .where(inlined(and(sql`${entries.id} = any(${IDS})`, entryVisibleTo(viewer, access)))),
  );
}

async function entryPosts(
  ctx: Ctx,
  viewer: Viewer,
  ids: string[],
  access: Access,
): Promise<PostView[]> {
  if (ids.length === 0) return [];
  const rows = await preparedForViewer(ctx.db, viewer, `entries:${access}`, (shaped) =>
    entryQuery(ctx, shaped, access),
  ).execute({ ids, viewer: viewer.actorId });
  // Most posts have no media: ask for theirs only.
  const media = await mediaForEntries(
    ctx,
    rows.flatMap((row) => (row.hasMedia ? [row.id] : [])),
  );
  return rows.map((row) => {
    const own = row.authorId === viewer.actorId;
    return {
      kind: "entry",
      id: row.id,
      authorId: row.authorId,
      authorHandle: row.handle,
      uri: null,
      url: null,
      publishedAt: row.publishedAt ?? row.createdAt,
      editedAt: toDate(row.editedAt),
      entryKind: row.kind,
      title: row.title,
      contentHtml: row.bodyHtml,
      sourceText: own ? row.bodyMarkdown : null,
      spoilerText: row.contentWarning,
      sensitive: row.sensitive || row.contentWarning !== "",
      visibility: mapVisibility(row.audience),
      language: row.language || null,
      inReplyToId: row.inReplyToEntryId ?? row.inReplyToRemoteId,
      inReplyToAccountId: row.inReplyToAccountId,
      prompt: row.prompt,
      tags: row.tags,
      // An "only me" entry names nobody, whoever it mentions.
      mentionIds: row.audience === "private" ? [] : row.mentionIds,
      media: media.get(row.id) ?? [],
      remoteMedia: [],
      repliesCount: row.repliesCount,
      reblogsCount: row.sharesCount,
      favouritesCount: row.likesCount,
      favourited: row.liked,
      reblogged: row.shared,
      bookmarked: row.bookmarked,
      pinned: own ? row.pinned : null,
    };
  });
}

function remoteQuery(ctx: Ctx, viewer: Viewer, access: Access) {
  const fields = {
    id: remotePosts.id,
    uri: remotePosts.uri,
    url: remotePosts.url,
    type: remotePosts.type,
    authorId: remotePosts.authorId,
    name: remotePosts.name,
    summary: remotePosts.summary,
    contentHtml: remotePosts.contentHtml,
    sensitive: remotePosts.sensitive,
    audience: remotePosts.audience,
    language: remotePosts.language,
    attachments: remotePosts.attachments,
    tags: remotePosts.tags,
    inReplyToEntryId: remotePosts.inReplyToEntryId,
    inReplyToRemoteId: remotePosts.inReplyToRemoteId,
    publishedAt: remotePosts.publishedAt,
    updatedAt: remotePosts.updatedAt,
    receivedAt: remotePosts.receivedAt,
    inReplyToAccountId: sql<string | null>`coalesce(
        (select p.author_id from entries p where p.id = "remote_posts"."in_reply_to_entry_id"),
        (select p.author_id from remote_posts p where p.id = "remote_posts"."in_reply_to_remote_id"))`,
    ...statsColumns(viewer, "remote_post_id", `"remote_posts"."id"`),
  };
  return fastSelect(
    ctx.db,
    fields,
    ctx.db
      .select(fields)
      .from(remotePosts)
      .innerJoin(actors, eq(actors.id, remotePosts.authorId))
      .where(
        inlined(and(sql`${remotePosts.id} = any(${IDS})`, remotePostVisibleTo(viewer, access))),
      ),
  );
}

async function remotePostViews(
  ctx: Ctx,
  viewer: Viewer,
  ids: string[],
  access: Access,
): Promise<PostView[]> {
  if (ids.length === 0) return [];
  const rows = await preparedForViewer(ctx.db, viewer, `remote:${access}`, (shaped) =>
    remoteQuery(ctx, shaped, access),
  ).execute({ ids, viewer: viewer.actorId });
  return rows.map((row) => ({
    kind: "remote",
    id: row.id,
    authorId: row.authorId,
    authorHandle: "",
    uri: row.uri,
    url: row.url ?? row.uri,
    publishedAt: row.publishedAt ?? row.receivedAt,
    editedAt: row.updatedAt,
    entryKind: row.type === "Article" ? "article" : "note",
    title: row.name,
    contentHtml: row.contentHtml,
    sourceText: null,
    spoilerText: row.summary,
    sensitive: row.sensitive,
    visibility: mapVisibility(row.audience),
    language: row.language,
    inReplyToId: row.inReplyToEntryId ?? row.inReplyToRemoteId,
    inReplyToAccountId: row.inReplyToAccountId,
    prompt: null,
    tags: row.tags.map((tag) => ({ name: tag, display: tag })),
    mentionIds: [],
    media: [],
    remoteMedia: row.attachments,
    repliesCount: row.repliesCount,
    reblogsCount: row.sharesCount,
    favouritesCount: row.likesCount,
    favourited: row.liked,
    reblogged: row.shared,
    bookmarked: row.bookmarked,
    pinned: null,
  }));
}

/**
 * Who sees a share (a reblog) itself: public ones anyone (unlisted ones by
 * direct access), followers-only ones the sharer's followers; the sharer
 * always. The shared post keeps its own rule, checked beside this one.
 */
export function shareVisibleTo(
  viewer: Viewer,
  access: Access,
  share: { audience: SQL; actorId: SQL },
): SQL {
  const forEveryone =
    access === "direct"
      ? sql`${share.audience} in ('public', 'unlisted')`
      : sql`${share.audience} = 'public'`;
  if (viewer.actorId === null) return forEveryone;
  return sql`(${forEveryone} or ${share.actorId} = ${viewer.actorId}
    or exists (select 1 from follows f where f.followed_id = ${share.actorId}
      and f.follower_id = ${viewer.actorId} and f.state = 'accepted'))`;
}

/** Shares among `ids` the viewer may see (the shared post is checked when it is loaded). */
async function shareRows(ctx: Ctx, viewer: Viewer, ids: string[]) {
  if (ids.length === 0) return [];
  const query = preparedForViewer(ctx.db, viewer, "shares", (shaped) => {
    const seen = shareVisibleTo(shaped, "direct", {
      audience: sql`${shares.audience}`,
      actorId: sql`${shares.actorId}`,
    });
    const fields = {
      id: shares.id,
      actorId: shares.actorId,
      entryId: shares.entryId,
      remotePostId: shares.remotePostId,
      audience: shares.audience,
      createdAt: shares.createdAt,
    };
    return fastSelect(
      ctx.db,
      fields,
      ctx.db
        .select(fields)
        .from(shares)
        .where(inlined(and(sql`${shares.id} = any(${IDS})`, seen))),
    );
  });
  return query.execute({ ids, viewer: viewer.actorId });
}

/**
 * The posts (entries and remote posts) with these ids the viewer may see, by
 * id. Entries first, as most ids are; remote posts only among the ids left.
 */
export async function postViews(
  ctx: Ctx,
  viewer: Viewer,
  ids: readonly string[],
  access: Access = "direct",
): Promise<Map<string, PostView>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  const local = await entryPosts(ctx, viewer, wanted, access);
  const found = new Set(local.map((post) => post.id));
  const remote = await remotePostViews(
    ctx,
    viewer,
    wanted.filter((id) => !found.has(id)),
    access,
  );
  return new Map([...local, ...remote].map((post) => [post.id, post]));
}

/**
 * The statuses with these ids the viewer may see, by id: posts as themselves,
 * shares with the post they share (a share of a post the viewer may not see
 * is not shown either). `access` "direct" (default) is a status fetched by
 * its id; lists pick their ids with "listing" first.
 */
export async function statusViews(
  ctx: Ctx,
  viewer: Viewer,
  ids: readonly string[],
  access: Access = "direct",
): Promise<Map<string, StatusView>> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (wanted.length === 0) return new Map();
  // Shares among the ids that are no post (a page of posts alone asks no more).
  const posts = await postViews(ctx, viewer, wanted, access);
  const shareList = await shareRows(
    ctx,
    viewer,
    wanted.filter((id) => !posts.has(id)),
  );
  const sharedIds = shareList.map((s) => (s.entryId ?? s.remotePostId) as string);
  // A shared post is reached through the share: direct access, whatever the list.
  const shared =
    sharedIds.length === 0
      ? new Map<string, PostView>()
      : await postViews(ctx, viewer, sharedIds, "direct");
  const out = new Map<string, StatusView>();
  for (const id of wanted) {
    const post = posts.get(id);
    if (post) out.set(id, { id, share: null, post });
  }
  for (const row of shareList) {
    const post = shared.get((row.entryId ?? row.remotePostId) as string);
    if (!post) continue;
    out.set(row.id, {
      id: row.id,
      share: {
        actorId: row.actorId,
        createdAt: row.createdAt,
        visibility: mapVisibility(row.audience),
      },
      post,
    });
  }
  return out;
}

/** Statuses for ids in order, dropping those the viewer may not see. */
export async function statusList(
  ctx: Ctx,
  viewer: Viewer,
  ids: readonly string[],
  access: Access = "direct",
): Promise<StatusView[]> {
  const views = await statusViews(ctx, viewer, ids, access);
  return ids.flatMap((id) => views.get(id) ?? []);
}

/** Every actor a set of statuses shows (authors, sharers, mentions, reply targets not included). */
export function actorIdsOf(views: Iterable<StatusView>): string[] {
  const ids = new Set<string>();
  for (const view of views) {
    ids.add(view.post.authorId);
    if (view.share) ids.add(view.share.actorId);
    for (const id of view.post.mentionIds) ids.add(id);
  }
  return [...ids];
}
