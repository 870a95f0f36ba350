import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { actors, follows, users } from "../../db/schema/accounts.ts";
import { entries, entryTags } from "../../db/schema/entries.ts";
import { pinnedEntries } from "../../db/schema/portfolios.ts";
import { isLocalHandle, profileColumns } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import { batched } from "../batched.ts";
import type { Ctx } from "../context.ts";
import { newId } from "../ids.ts";
import { sanitize } from "../markdown.ts";
import { ANONYMOUS, type Viewer } from "../viewer.ts";

/** A local member as the federation layer publishes them (a `Person`). */
export async function localActorProfile(ctx: Ctx, handle: string) {
  const [row] = await ctx.db
    .select({
      ...profileColumns,
      headerKey: actors.headerKey,
      manuallyApprovesFollowers: actors.manuallyApprovesFollowers,
      featuredTags: actors.featuredTags,
      alsoKnownAs: actors.alsoKnownAs,
      // The account the member moved to (`movedTo`), when they did.
      movedToUri: sql<string | null>`(select m.uri from actors m where m.id = actors.moved_to_id)`,
      createdAt: actors.createdAt,
    })
    .from(actors)
    .innerJoin(users, eq(users.actorId, actors.id))
    .where(isLocalHandle(handle))
    .limit(1);
  return row ?? null;
}

export type LocalActorProfile = NonNullable<Awaited<ReturnType<typeof localActorProfile>>>;

/** How many accepted followers and followings an actor has. */
export async function followCounts(ctx: Ctx, actorId: string) {
  const [followers] = await ctx.db
    .select({ n: count() })
    .from(follows)
    .where(and(eq(follows.followedId, actorId), eq(follows.state, "accepted")));
  const [following] = await ctx.db
    .select({ n: count() })
    .from(follows)
    .where(and(eq(follows.followerId, actorId), eq(follows.state, "accepted")));
  return { followers: followers?.n ?? 0, following: following?.n ?? 0 };
}

/** Pinned entries anyone may see in a list (the actor's `featured` collection). */
export async function featuredEntryIds(ctx: Ctx, actorId: string): Promise<string[]> {
  const rows = await ctx.db
    .select({ id: entries.id })
    .from(pinnedEntries)
    .innerJoin(entries, eq(entries.id, pinnedEntries.entryId))
    .where(and(eq(pinnedEntries.actorId, actorId), entryVisibleTo(ANONYMOUS, "listing")))
    .orderBy(pinnedEntries.position);
  return rows.map((r) => r.id);
}

/** Usage figures for NodeInfo: local members and public published entries. */
export async function instanceUsage(ctx: Ctx) {
  const [members] = await ctx.db.select({ n: count() }).from(users);
  const [posts] = await ctx.db
    .select({ n: count() })
    .from(entries)
    .innerJoin(actors, eq(actors.id, entries.authorId))
    .where(and(isNull(actors.host), entryVisibleTo(ANONYMOUS, "listing")));
  return { members: members?.n ?? 0, localPosts: posts?.n ?? 0 };
}

/** What Fedify verified about a remote actor, to keep in `actors`. */
export interface RemoteActorData {
  uri: string;
  handle: string;
  host: string;
  displayName: string;
  bioHtml: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  url: string | null;
  /** Avatar (`icon`) and header (`image`) URLs, shown through the SSRF guard. */
  avatarUrl?: string | null;
  headerUrl?: string | null;
  manuallyApprovesFollowers?: boolean;
  /** Its other identities (`alsoKnownAs`). */
  alsoKnownAs?: string[];
  /** Its profile fields (`PropertyValue`s; values are sanitized here). Absent: kept as stored. */
  profileFields?: { name: string; valueHtml: string }[];
  /** Its featured tags (names without `#`). Absent: kept as stored. */
  featuredTags?: string[];
}

/** Whether any local member follows this actor (only then are their posts kept). */
export async function followedLocally(ctx: Ctx, actorId: string): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: follows.followerId })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .where(and(eq(follows.followedId, actorId), eq(follows.state, "accepted"), isNull(actors.host)))
    .limit(1);
  return rows.length > 0;
}

/** A remote profile field as kept: plain-text name, value through the remote-HTML sanitizer. */
function profileField(field: { name: string; valueHtml: string }) {
  return {
    name: field.name.replace(/<[^>]*>/g, "").slice(0, 100),
    valueHtml: sanitize(field.valueHtml.slice(0, 2000)),
  };
}

/** Stores or refreshes a remote actor (host set, never a `users` row); returns its id. */
export async function storeRemoteActor(ctx: Ctx, data: RemoteActorData): Promise<string> {
  const values = {
    handle: data.handle,
    host: data.host,
    displayName: data.displayName.slice(0, 200),
    bioHtml: sanitize(data.bioHtml),
    inboxUrl: data.inboxUrl,
    sharedInboxUrl: data.sharedInboxUrl,
    url: data.url,
    avatarUrl: data.avatarUrl ?? null,
    headerUrl: data.headerUrl ?? null,
    manuallyApprovesFollowers: data.manuallyApprovesFollowers ?? false,
    alsoKnownAs: (data.alsoKnownAs ?? []).slice(0, 20),
    ...(data.profileFields && { profileFields: data.profileFields.map(profileField) }),
    ...(data.featuredTags && { featuredTags: data.featuredTags.slice(0, 20) }),
    updatedAt: ctx.now(),
  };
  const [row] = await ctx.db
    .insert(actors)
    .values({ id: newId(), uri: data.uri, ...values, createdAt: ctx.now() })
    .onConflictDoUpdate({ target: actors.uri, set: values })
    .returning({ id: actors.id });
  if (!row) throw new Error(`Could not store the remote actor ${data.uri}`);
  return row.id;
}

/**
 * The id of a stored remote actor with this ActivityPub id, or null. Every
 * received activity asks: asked at the same moment, one query answers all.
 */
export const remoteActorId: (ctx: Ctx, uri: string) => Promise<string | null> = batched({
  async many(ctx, uris: string[]) {
    const rows = await ctx.db
      .select({ id: actors.id, uri: actors.uri })
      .from(actors)
      .where(and(inArray(actors.uri, uris), isNotNull(actors.host)));
    const ids = new Map(rows.map((row) => [row.uri, row.id]));
    return uris.map((uri) => ids.get(uri) ?? null);
  },
  max: 100,
});

/** The viewer a signed fetch by `uri` stands for (anonymous when we do not know them). */
export async function viewerForActorUri(ctx: Ctx, uri: string | null): Promise<Viewer> {
  if (!uri) return ANONYMOUS;
  const id = await remoteActorId(ctx, uri);
  return id ? { actorId: id } : ANONYMOUS;
}

/** How many entries of an actor anyone may see in a list (the outbox's size). */
export async function publicEntryCount(ctx: Ctx, actorId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(entries)
    .where(and(eq(entries.authorId, actorId), entryVisibleTo(ANONYMOUS, "listing")));
  return row?.n ?? 0;
}

const TOP_TAGS = 5;

/**
 * The tags a member features (`featuredTags`): the ones they chose, or else
 * the tags they use most on entries anyone may see.
 */
export async function featuredTagsOf(
  ctx: Ctx,
  actor: { id: string; featuredTags: string[] },
): Promise<{ tag: string; display: string }[]> {
  if (actor.featuredTags.length > 0) {
    return actor.featuredTags.map((display) => ({ tag: display.toLowerCase(), display }));
  }
  const rows = await ctx.db
    .select({ tag: entryTags.tag, display: sql<string>`min(${entryTags.display})` })
    .from(entryTags)
    .innerJoin(entries, eq(entries.id, entryTags.entryId))
    .where(and(eq(entries.authorId, actor.id), entryVisibleTo(ANONYMOUS, "listing")))
    .groupBy(entryTags.tag)
    .orderBy(desc(count()), entryTags.tag)
    .limit(TOP_TAGS);
  return rows;
}
