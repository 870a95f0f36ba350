import { and, desc, eq, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries, entryVersions } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { notShown } from "./not-shown.ts";
import type { Audience, EntryKind, EntryPrompt } from "./schema.ts";
import { type EntryView, entryFieldColumns, findEntry } from "./view-model.ts";

/** Reads only the author gets: the entry as written (to edit it) and its history. */

export interface EditableEntry {
  id: string;
  kind: EntryKind;
  prompt: EntryPrompt | null;
  title: string;
  body: string;
  linkUrl: string;
  /** The tags as the author spelled them, space-separated. */
  tags: string;
  contentWarning: string;
  language: string;
  audience: Audience;
  status: "draft" | "scheduled" | "processing" | "published";
  scheduledAt: Date | null;
}

export interface VersionView {
  version: number;
  title: string;
  bodyHtml: string;
  contentWarning: string;
  tags: string[];
  /** When this version stopped being the current one. */
  replacedAt: Date;
}

/** The author's own entry at `/@handle/id`: their handle, their entry, any status. */
function ownEntry(author: CurrentUser, handle: string, id: string) {
  return and(
    eq(entries.id, id),
    eq(entries.authorId, author.actorId),
    sql`lower(${actors.handle}) = lower(${handle})`,
    entryVisibleTo(author, "direct"),
  )!;
}

export async function entryForEditing(
  ctx: Ctx,
  author: CurrentUser,
  handle: string,
  id: string,
): Promise<EditableEntry> {
  if (!isUuid(id)) throw notShown();
  const [row] = await ctx.db
    .select({
      ...entryFieldColumns,
      body: entries.bodyMarkdown,
      tags: sql<string>`coalesce((select string_agg(et.display, ' ' order by et.tag)
        from entry_tags et where et.entry_id = ${entries.id}), '')`,
    })
    .from(entries)
    .innerJoin(actors, eq(actors.id, entries.authorId))
    .where(ownEntry(author, handle, id));
  if (!row) throw notShown();
  return { ...row, linkUrl: row.linkUrl ?? "" };
}

/** The entry and its earlier versions, newest first: for its author only. */
export async function entryHistory(
  ctx: Ctx,
  author: CurrentUser,
  handle: string,
  id: string,
): Promise<{ entry: EntryView; versions: VersionView[] }> {
  if (!isUuid(id)) throw notShown();
  const entry = await findEntry(ctx, ownEntry(author, handle, id));
  if (!entry) throw notShown();
  const versions = await ctx.db
    .select({
      version: entryVersions.version,
      title: entryVersions.title,
      bodyHtml: entryVersions.bodyHtml,
      contentWarning: entryVersions.contentWarning,
      tags: entryVersions.tags,
      replacedAt: entryVersions.replacedAt,
    })
    .from(entryVersions)
    .where(eq(entryVersions.entryId, entry.id))
    .orderBy(desc(entryVersions.version));
  return { entry, versions };
}
