import { and, asc, eq, gt, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { HANDLE_PATTERN } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { MemberSummary } from "../entries/profile.ts";
import type { Tag } from "../tags.ts";
import type { Viewer } from "../viewer.ts";
import { NEWEST } from "./pages.ts";
import { containsPattern, memberColumns } from "./people.ts";

/** A member in the directory, with the tags they write about most. */
export interface DirectoryMember extends MemberSummary {
  topTags: Tag[];
}

export interface DirectoryPage {
  members: DirectoryMember[];
  /** The handle to continue after, or null on the last page. */
  nextCursor: string | null;
}

export const DIRECTORY_PAGE_SIZE = 30;
/** Top tags come from each member's newest entries the viewer may see. */
const TOP_TAGS_SAMPLE = 200;

/**
 * Each actor's most used tags on their newest entries the viewer may see (so
 * a tag used only privately never shows), in one query.
 */
export async function topTagsOf(
  ctx: Ctx,
  viewer: Viewer,
  actorIds: readonly string[],
  perActor = 3,
): Promise<Map<string, Tag[]>> {
  const byActor = new Map<string, Tag[]>();
  if (actorIds.length === 0) return byActor;
  const rows = await ctx.db.execute<{ actor_id: string; tag: string; display: string }>(sql`
    select ${actors.id} as actor_id, top.tag, top.display from ${actors}
    cross join lateral (
      select et.tag, min(et.display) as display, count(*) as n
      from (
        select ${entries.id} as id from ${entries}
        where ${entries.authorId} = ${actors.id} and ${entryVisibleTo(viewer, "listing")}
        order by ${sql.join(NEWEST, sql`, `)} limit ${TOP_TAGS_SAMPLE}
      ) newest
      join entry_tags et on et.entry_id = newest.id
      group by et.tag order by n desc, et.tag limit ${perActor}
    ) top
    where ${inArray(actors.id, [...actorIds])}`);
  for (const row of rows) {
    const list = byActor.get(row.actor_id) ?? [];
    list.push({ tag: row.tag, display: row.display });
    byActor.set(row.actor_id, list);
  }
  return byActor;
}

/** Members of this instance who chose to be listed. */
export const listedMember: SQL = and(
  eq(actors.listedInDirectory, true),
  isNull(actors.host),
  sql`exists (select 1 from ${users} where ${users.actorId} = ${actors.id})`,
)!;

/**
 * The member directory: members who opted in (profile settings), by handle,
 * optionally narrowed by words in their handle, name or headline.
 */
export async function directoryMembers(
  ctx: Ctx,
  viewer: Viewer,
  options: { q?: string; cursor?: string | null; limit?: number } = {},
): Promise<DirectoryPage> {
  const limit = Math.min(Math.max(1, options.limit ?? DIRECTORY_PAGE_SIZE), 100);
  const words = (options.q ?? "").trim().slice(0, 100).split(/\s+/).filter(Boolean).slice(0, 4);
  const cursor = options.cursor && HANDLE_PATTERN.test(options.cursor) ? options.cursor : null;
  const rows = await ctx.db
    .select({ id: actors.id, ...memberColumns })
    .from(actors)
    .where(
      and(
        listedMember,
        cursor ? gt(sql`lower(${actors.handle})`, cursor.toLowerCase()) : undefined,
        ...words.map((word) => {
          const pattern = containsPattern(word);
          return sql`(${actors.handle} ilike ${pattern} or ${actors.displayName} ilike ${pattern}
            or ${actors.headline} ilike ${pattern})`;
        }),
      ),
    )
    .orderBy(asc(sql`lower(${actors.handle})`))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const tags = await topTagsOf(
    ctx,
    viewer,
    shown.map((row) => row.id),
  );
  return {
    members: shown.map(({ id, ...row }) => ({
      ...row,
      displayName: row.displayName || row.handle,
      topTags: tags.get(id) ?? [],
    })),
    nextCursor: rows.length > limit ? (shown.at(-1)?.handle ?? null) : null,
  };
}
