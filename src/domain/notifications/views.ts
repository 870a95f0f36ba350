import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { NOTIFICATION_TYPES, notifications } from "../../db/schema/social.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { ActorSummary } from "../moderation/actors.ts";
import { excerptOf } from "../moderation/excerpt.ts";
import type { CurrentUser } from "../viewer.ts";
import type { NotificationType } from "./notify.ts";

/** The post a notification is about, as far as the member may still see it. */
export type NotificationPost =
  | { kind: "entry"; id: string; authorHandle: string; title: string; excerpt: string }
  | { kind: "remote"; id: string; authorId: string; url: string; excerpt: string };

export interface NotificationView {
  id: string;
  type: NotificationType;
  createdAt: Date;
  readAt: Date | null;
  /** Who did it; null for the coach (or an anonymous report). */
  from: ActorSummary | null;
  /**
   * The post it is about: the actor's remote post (a reply, a mention) when
   * there is one, else the entry (liked, shared, or a local reply).
   */
  post: NotificationPost | null;
  /** For a remote reply: the member's entry it answers. */
  inReplyTo: NotificationPost | null;
  detail: Record<string, unknown>;
}

export interface NotificationQuery {
  /** Only these types (unknown names are ignored). */
  types?: readonly string[];
  excludeTypes?: readonly string[];
  /** Only from this actor (the API's `account_id`). */
  fromActorId?: string | null;
  /** Older than this id. */
  maxId?: string | null;
  /** Newer than this id (the newest page of those). */
  sinceId?: string | null;
  /** Newer than this id (the page right after it). */
  minId?: string | null;
  limit?: number;
}

export const NOTIFICATIONS_PAGE_SIZE = 40;

const fromActor = alias(actors, "from_actor");
const entryAuthor = alias(actors, "entry_author");

const knownTypes = (names: readonly string[] | undefined) =>
  (names ?? []).filter((t): t is NotificationType =>
    (NOTIFICATION_TYPES as readonly string[]).includes(t),
  );

/**
 * What the member sees of their notifications: not from accounts blocked
 * either way or muted (with notifications hidden), and only about posts they
 * may still see (the authorization rules, in the join).
 */
function shownTo(user: CurrentUser, now: Date): SQL {
  return and(
    eq(notifications.recipientId, user.actorId),
    or(isNull(notifications.entryId), isNotNull(entries.id)),
    or(isNull(notifications.remotePostId), isNotNull(remotePosts.id)),
    sql`not exists (select 1 from blocks b where (b.actor_id = ${user.actorId} and b.target_id = ${notifications.fromActorId})
      or (b.actor_id = ${notifications.fromActorId} and b.target_id = ${user.actorId}))`,
    sql`not exists (select 1 from mutes mu where mu.actor_id = ${user.actorId} and mu.target_id = ${notifications.fromActorId}
      and mu.hide_notifications and (mu.expires_at is null or mu.expires_at > ${now.toISOString()}::timestamptz))`,
  )!;
}

function selectNotifications(ctx: Ctx, user: CurrentUser) {
  return ctx.db
    .select({
      id: notifications.id,
      type: notifications.type,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      detail: notifications.detail,
      fromId: fromActor.id,
      fromHandle: fromActor.handle,
      fromHost: fromActor.host,
      fromName: fromActor.displayName,
      fromAvatarKey: fromActor.avatarKey,
      fromAvatarUrl: fromActor.avatarUrl,
      entryId: entries.id,
      entryTitle: entries.title,
      entryHtml: sql<string>`left(${entries.bodyHtml}, 2000)`,
      entryAuthor: entryAuthor.handle,
      remoteId: remotePosts.id,
      remoteAuthorId: remotePosts.authorId,
      remoteUrl: sql<string>`coalesce(${remotePosts.url}, ${remotePosts.uri})`,
      remoteHtml: sql<string>`left(${remotePosts.contentHtml}, 2000)`,
    })
    .from(notifications)
    .leftJoin(fromActor, eq(fromActor.id, notifications.fromActorId))
    .leftJoin(entries, and(eq(entries.id, notifications.entryId), entryVisibleTo(user, "direct")))
    .leftJoin(entryAuthor, eq(entryAuthor.id, entries.authorId))
    .leftJoin(
      remotePosts,
      and(eq(remotePosts.id, notifications.remotePostId), remotePostVisibleTo(user, "direct")),
    );
}

type Row = Awaited<ReturnType<ReturnType<typeof selectNotifications>["execute"]>>[number];

function toView(row: Row): NotificationView {
  const from: ActorSummary | null =
    row.fromId && row.fromHandle !== null
      ? {
          id: row.fromId,
          handle: row.fromHandle,
          host: row.fromHost,
          displayName: row.fromName || row.fromHandle,
          avatarKey: row.fromAvatarKey,
          avatarUrl: row.fromAvatarUrl,
        }
      : null;
  const entry: NotificationPost | null =
    row.entryId && row.entryAuthor !== null
      ? {
          kind: "entry",
          id: row.entryId,
          authorHandle: row.entryAuthor,
          title: row.entryTitle ?? "",
          excerpt: excerptOf(row.entryHtml ?? ""),
        }
      : null;
  const remote: NotificationPost | null =
    row.remoteId && row.remoteAuthorId
      ? {
          kind: "remote",
          id: row.remoteId,
          authorId: row.remoteAuthorId,
          url: row.remoteUrl,
          excerpt: excerptOf(row.remoteHtml ?? ""),
        }
      : null;
  return {
    id: row.id,
    type: row.type,
    createdAt: row.createdAt,
    readAt: row.readAt,
    from,
    // A remote reply or mention is their post; the entry is the member's it answers.
    post: remote ?? entry,
    inReplyTo: remote ? entry : null,
    detail: row.detail,
  };
}

/** The type filter as a condition; null when only unknown types were asked for. */
function typeCondition(
  query: Pick<NotificationQuery, "types" | "excludeTypes">,
): SQL | undefined | null {
  const types = knownTypes(query.types);
  const excluded = knownTypes(query.excludeTypes);
  if (query.types && query.types.length > 0 && types.length === 0) return null;
  return and(
    types.length > 0 ? inArray(notifications.type, types) : undefined,
    excluded.length > 0 ? notInArray(notifications.type, excluded) : undefined,
  );
}

/**
 * The member's notifications, newest first, a page at a time: `maxId` pages
 * back, `sinceId` / `minId` ask for newer ones (Mastodon's semantics).
 */
export async function notificationsFor(
  ctx: Ctx,
  user: CurrentUser,
  query: NotificationQuery = {},
): Promise<NotificationView[]> {
  const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? NOTIFICATIONS_PAGE_SIZE)), 80);
  const filter = typeCondition(query);
  if (filter === null) return [];
  if (query.fromActorId && !isUuid(query.fromActorId)) return [];
  const cursor = (id: string | null | undefined) => (id && isUuid(id) ? id : null);
  const maxId = cursor(query.maxId);
  const sinceId = cursor(query.sinceId);
  const minId = cursor(query.minId);
  const where = and(
    shownTo(user, ctx.now()),
    filter,
    query.fromActorId ? eq(notifications.fromActorId, query.fromActorId) : undefined,
    maxId ? lt(notifications.id, maxId) : undefined,
    sinceId ? gt(notifications.id, sinceId) : undefined,
    minId ? gt(notifications.id, minId) : undefined,
  );
  // min_id: the page right after it, so read upwards and turn it round.
  const ascending = minId !== null && sinceId === null;
  const rows = await selectNotifications(ctx, user)
    .where(where)
    .orderBy(ascending ? asc(notifications.id) : desc(notifications.id))
    .limit(limit);
  const views = rows.map(toView);
  return ascending ? views.reverse() : views;
}

/** One notification of the member's, or null (unknown, someone else's, or hidden). */
export async function notificationById(
  ctx: Ctx,
  user: CurrentUser,
  id: string,
): Promise<NotificationView | null> {
  if (!isUuid(id)) return null;
  const [row] = await selectNotifications(ctx, user)
    .where(and(shownTo(user, ctx.now()), eq(notifications.id, id)))
    .limit(1);
  return row ? toView(row) : null;
}

/**
 * How many notifications the member has not read (the header's badge):
 * one query on the unread index, counting at most `cap`.
 */
export async function unreadNotificationCount(
  ctx: Ctx,
  user: CurrentUser,
  cap = 1000,
  query: Pick<NotificationQuery, "types" | "excludeTypes"> = {},
): Promise<number> {
  const filter = typeCondition(query);
  if (filter === null) return 0;
  const inner = ctx.db
    .select({ one: sql`1` })
    .from(notifications)
    .leftJoin(entries, and(eq(entries.id, notifications.entryId), entryVisibleTo(user, "direct")))
    .leftJoin(
      remotePosts,
      and(eq(remotePosts.id, notifications.remotePostId), remotePostVisibleTo(user, "direct")),
    )
    .where(and(shownTo(user, ctx.now()), isNull(notifications.readAt), filter))
    .limit(cap)
    .as("unread");
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(inner);
  return row?.n ?? 0;
}
