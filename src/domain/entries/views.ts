import { and, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { AUDIENCES, ENTRY_PROMPTS, ENTRY_STATUSES, entries } from "../../db/schema/entries.ts";
import { findLocalActor } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import { tagKey } from "../tags.ts";
import { ANONYMOUS, type CurrentUser, type Viewer } from "../viewer.ts";
import { notShown } from "./not-shown.ts";
import { type EntryPage, type EntryView, findEntry, pageOfEntries } from "./view-model.ts";

/**
 * Reads of entries for one viewer. Every query carries `entryVisibleTo`:
 * nothing is filtered afterwards in JavaScript.
 */

export interface ListOptions {
  /** Profile lists only: include replies (the outbox wants them; pages do not). */
  replies?: boolean;
  prompt?: string | null;
  tag?: string | null;
  cursor?: string | null;
  limit?: number;
}

export interface JournalOptions extends ListOptions {
  audience?: string | null;
  status?: string | null;
}

export const PAGE_SIZE = 20;
export const FEED_SIZE = 50;

const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined) =>
  values.find((v) => v === value);

/** SQL for the filters a list was asked for; unknown values filter nothing. */
function filters(options: JournalOptions): (SQL | undefined)[] {
  const prompt = oneOf(ENTRY_PROMPTS, options.prompt);
  const audience = oneOf(AUDIENCES, options.audience);
  const status = oneOf(ENTRY_STATUSES, options.status);
  const tag = options.tag ? tagKey(options.tag.replace(/^#/, "")) : null;
  return [
    prompt ? eq(entries.prompt, prompt) : undefined,
    audience ? eq(entries.audience, audience) : undefined,
    status ? eq(entries.status, status) : undefined,
    tag ? hasTag(tag) : undefined,
  ];
}

/**
 * Through entry_tags, not the tags array: a tag page asks for the newest few,
 * and for a rare tag the planner, knowing it is rare from entry_tags'
 * statistics, starts from its rows instead of walking every entry (see
 * src/domain/tag-conditions.ts).
 */
function hasTag(tag: string): SQL {
  return sql`exists (select 1 from entry_tags et where et.entry_id = ${entries.id} and et.tag = ${tag})`;
}

function pageSize(limit: number | undefined, fallback: number): number {
  return Math.min(Math.max(1, Math.trunc(limit ?? fallback)), 100);
}

async function authorIdOf(ctx: Ctx, handle: string): Promise<string> {
  const actor = await findLocalActor(ctx, handle);
  if (!actor) throw notShown();
  return actor.id;
}

/**
 * A profile's entries the viewer may see in a list, newest first. Like
 * Mastodon's "Posts" tab it leaves out replies (unless `replies`) and direct
 * entries: those live in their threads, the conversations page and the
 * author's journal.
 */
export async function profileEntries(
  ctx: Ctx,
  viewer: Viewer,
  /** The handle, or the profile the caller already looked up (one query fewer). */
  author: string | { id: string },
  options: ListOptions = {},
): Promise<EntryPage> {
  const authorId = typeof author === "string" ? await authorIdOf(ctx, author) : author.id;
  return pageOfEntries(ctx, {
    where: and(
      eq(entries.authorId, authorId),
      entryVisibleTo(viewer, "listing"),
      options.replies ? undefined : isNull(entries.inReplyToEntryId),
      options.replies ? undefined : isNull(entries.inReplyToRemoteId),
      ne(entries.audience, "direct"),
      ...filters(options),
    )!,
    sort: "published",
    cursor: options.cursor,
    limit: pageSize(options.limit, PAGE_SIZE),
  });
}

/** Matches an entry by id under its author's handle; a mismatched handle finds nothing. */
function atPermalink(handle: string, id: string): SQL {
  return and(
    eq(entries.id, id),
    sql`lower(${actors.handle}) = lower(${handle})`,
    sql`${actors.host} is null`,
  )!;
}

/** The entry at `/@handle/id` if the viewer holds its link and may see it; else not found. */
export async function entryForViewer(
  ctx: Ctx,
  viewer: Viewer,
  handle: string,
  id: string,
): Promise<EntryView> {
  if (!isUuid(id)) throw notShown();
  const entry = await findEntry(
    ctx,
    and(atPermalink(handle, id), entryVisibleTo(viewer, "direct"))!,
  );
  if (!entry) throw notShown();
  return entry;
}

/** Entries with a tag, across the instance, that the viewer may see in a list. */
export async function tagEntries(
  ctx: Ctx,
  viewer: Viewer,
  tag: string,
  options: Omit<ListOptions, "tag"> = {},
): Promise<EntryPage> {
  return pageOfEntries(ctx, {
    where: and(
      entryVisibleTo(viewer, "listing"),
      ne(entries.audience, "direct"),
      ...filters({ ...options, tag }),
    )!,
    sort: "published",
    cursor: options.cursor,
    limit: pageSize(options.limit, PAGE_SIZE),
  });
}

/** The newest entries across the instance the viewer may see (the home page). */
export async function instanceEntries(ctx: Ctx, viewer: Viewer, limit = 10): Promise<EntryView[]> {
  const page = await pageOfEntries(ctx, {
    // Direct entries live in conversations, never in the instance's lists.
    where: and(entryVisibleTo(viewer, "listing"), ne(entries.audience, "direct"))!,
    sort: "published",
    limit: pageSize(limit, 10),
  });
  return page.entries;
}

/** All of the author's own entries: drafts, scheduled, private included. */
export async function journalEntries(
  ctx: Ctx,
  author: CurrentUser,
  options: JournalOptions = {},
): Promise<EntryPage> {
  return pageOfEntries(ctx, {
    where: and(
      eq(entries.authorId, author.actorId),
      entryVisibleTo(author, "direct"),
      ...filters(options),
    )!,
    sort: "written",
    cursor: options.cursor,
    limit: pageSize(options.limit, PAGE_SIZE),
  });
}

export type FeedSource = { handle: string } | { tag: string };

/**
 * Entries for a feed. Feeds are read by anyone, so they ask as the anonymous
 * viewer: public, published entries only.
 */
export async function feedEntries(
  ctx: Ctx,
  source: FeedSource,
  limit = FEED_SIZE,
): Promise<EntryView[]> {
  const page =
    "handle" in source
      ? await profileEntries(ctx, ANONYMOUS, source.handle, { limit })
      : await tagEntries(ctx, ANONYMOUS, source.tag, { limit });
  return page.entries;
}
