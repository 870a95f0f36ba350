import { and, asc, eq, gte, lt } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries, entryTags } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";

/**
 * The member's own published entries in [from, to): the journal's view of
 * them, through the one authorization rule (drafts and deleted entries are
 * never counted).
 */
function ownPublished(user: CurrentUser, from: Date, to: Date) {
  return and(
    eq(entries.authorId, user.actorId),
    entryVisibleTo(user, "listing"),
    eq(entries.status, "published"),
    gte(entries.publishedAt, from),
    lt(entries.publishedAt, to),
  );
}

export interface OwnEntry {
  id: string;
  handle: string;
  title: string;
  body: string;
  prompt: string | null;
  audience: string;
  publishedAt: Date;
}

export async function ownEntriesBetween(
  ctx: Ctx,
  user: CurrentUser,
  from: Date,
  to: Date,
): Promise<OwnEntry[]> {
  const rows = await ctx.db
    .select({
      id: entries.id,
      handle: actors.handle,
      title: entries.title,
      body: entries.bodyMarkdown,
      prompt: entries.prompt,
      audience: entries.audience,
      publishedAt: entries.publishedAt,
    })
    .from(entries)
    .innerJoin(actors, eq(actors.id, entries.authorId))
    .where(ownPublished(user, from, to))
    .orderBy(asc(entries.publishedAt), asc(entries.id));
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt ?? from }));
}

export interface TagUse {
  tag: string;
  display: string;
  publishedAt: Date;
}

/** Each tag on each of the member's entries in [from, to). */
export async function ownTagsBetween(
  ctx: Ctx,
  user: CurrentUser,
  from: Date,
  to: Date,
): Promise<TagUse[]> {
  const rows = await ctx.db
    .select({ tag: entryTags.tag, display: entryTags.display, publishedAt: entries.publishedAt })
    .from(entryTags)
    .innerJoin(entries, eq(entries.id, entryTags.entryId))
    .where(ownPublished(user, from, to));
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt ?? from }));
}

/** A short text naming an entry: its title, else the start of its body. */
export function entryLabel(entry: { title: string; body: string }): string {
  if (entry.title) return entry.title;
  const text = entry.body
    .replace(/[#*_`>[\]()!]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text || "Untitled entry";
}
