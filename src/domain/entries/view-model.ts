import { and, eq, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import { excerpt, htmlToText } from "../markdown.ts";
import { type MediaView, mediaForEntries } from "../media/index.ts";
import type { Tag } from "../tags.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import type { Audience, EntryKind, EntryPrompt } from "./schema.ts";

/** The author as entry lists show them. */
export interface AuthorView {
  id: string;
  handle: string;
  displayName: string;
  avatarKey: string | null;
}

/** One entry, ready to render for the viewer who asked. */
export interface EntryView {
  id: string;
  kind: EntryKind;
  prompt: EntryPrompt | null;
  title: string;
  /** Sanitized when saved: safe to output as HTML. */
  bodyHtml: string;
  /** Plain text, at most 200 characters (descriptions, feed titles). */
  excerpt: string;
  linkUrl: string | null;
  contentWarning: string;
  language: string;
  audience: Audience;
  status: "draft" | "scheduled" | "processing" | "published";
  scheduledAt: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  author: AuthorView;
  tags: Tag[];
  /** Photos, audio and video, in gallery order (src/domain/media). */
  media: MediaView[];
}

export interface EntryPage {
  entries: EntryView[];
  /** The token for the next (older) page, or null on the last one. */
  nextCursor: string | null;
}

export const EXCERPT_CHARS = 200;

/** The columns every read of an entry needs (views add HTML, the editor Markdown). */
export const entryFieldColumns = {
  id: entries.id,
  kind: entries.kind,
  prompt: entries.prompt,
  title: entries.title,
  linkUrl: entries.linkUrl,
  contentWarning: entries.contentWarning,
  language: entries.language,
  audience: entries.audience,
  status: entries.status,
  scheduledAt: entries.scheduledAt,
};

const entryColumns = {
  ...entryFieldColumns,
  bodyHtml: entries.bodyHtml,
  publishedAt: entries.publishedAt,
  createdAt: entries.createdAt,
  updatedAt: entries.updatedAt,
  authorId: actors.id,
  authorHandle: actors.handle,
  authorName: actors.displayName,
  authorAvatarKey: actors.avatarKey,
  // Tags ride along in the same query, and media is only asked for when there
  // is some: each round trip costs more than the rows it brings back.
  tagList: sql<
    Tag[]
  >`coalesce((select json_agg(json_build_object('tag', et.tag, 'display', et.display)
    order by et.tag) from entry_tags et where et.entry_id = ${entries.id}), '[]'::json)`,
  hasMedia: sql<boolean>`exists (select 1 from media m where m.entry_id = ${entries.id})`,
};

/** Published lists sort by publication; the journal also holds drafts. */
const SORT_KEYS = {
  published: sql`${entries.publishedAt}`,
  written: sql`coalesce(${entries.publishedAt}, ${entries.createdAt})`,
} as const;

type EntryRow = Awaited<ReturnType<typeof selectEntries>>[number];

function selectEntries(ctx: Ctx, where: SQL | undefined, key: SQL = SORT_KEYS.written) {
  return ctx.db
    .select({ ...entryColumns, sortAt: key.mapWith(entries.createdAt) })
    .from(entries)
    .innerJoin(actors, eq(actors.id, entries.authorId))
    .where(where);
}

function toView(row: EntryRow, tags: Tag[], media: MediaView[]): EntryView {
  return {
    id: row.id,
    kind: row.kind,
    prompt: row.prompt,
    title: row.title,
    bodyHtml: row.bodyHtml,
    excerpt: excerpt(htmlToText(row.bodyHtml), EXCERPT_CHARS),
    linkUrl: row.linkUrl,
    contentWarning: row.contentWarning,
    language: row.language,
    audience: row.audience,
    status: row.status,
    scheduledAt: row.scheduledAt,
    publishedAt: row.publishedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    author: {
      id: row.authorId,
      handle: row.authorHandle,
      displayName: row.authorName || row.authorHandle,
      avatarKey: row.authorAvatarKey,
    },
    tags,
    media,
  };
}

async function withTags(ctx: Ctx, rows: EntryRow[]): Promise<EntryView[]> {
  const withMedia = rows.filter((row) => row.hasMedia).map((row) => row.id);
  const media = await mediaForEntries(ctx, withMedia);
  return rows.map((row) => toView(row, row.tagList, media.get(row.id) ?? []));
}

/** One entry matching `where` (which must include the authorization rule), or null. */
export async function findEntry(ctx: Ctx, where: SQL): Promise<EntryView | null> {
  const rows = await selectEntries(ctx, where).limit(1);
  const [view] = await withTags(ctx, rows);
  return view ?? null;
}

/**
 * A page of entries matching `where` (which must include the authorization
 * rule), newest first, after the cursor's position.
 */
export async function pageOfEntries(
  ctx: Ctx,
  options: { where: SQL; sort: keyof typeof SORT_KEYS; cursor?: string | null; limit: number },
): Promise<EntryPage> {
  const position = decodeCursor(options.cursor);
  const key = SORT_KEYS[options.sort];
  const after = position
    ? sql`(${key}, ${entries.id}) < (${position.at.toISOString()}::timestamptz, ${position.id}::uuid)`
    : undefined;
  const rows = await selectEntries(ctx, and(options.where, after), key)
    // NULLS LAST as the indexes are built, so PostgreSQL walks them instead of sorting.
    .orderBy(sql`${key} desc nulls last`, sql`${entries.id} desc nulls last`)
    .limit(options.limit + 1);
  const more = rows.length > options.limit;
  const shown = rows.slice(0, options.limit);
  const last = shown.at(-1);
  return {
    entries: await withTags(ctx, shown),
    nextCursor: more && last ? encodeCursor({ at: last.sortAt, id: last.id }) : null,
  };
}
