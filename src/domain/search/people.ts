import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries, entryTags } from "../../db/schema/entries.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import type { MemberSummary } from "../entries/profile.ts";
import type { Tag } from "../tags.ts";
import type { Viewer } from "../viewer.ts";
import type { SearchQuery } from "./query.ts";

/**
 * People and tags whose names look like the words searched for, matched by
 * trigram (pg_trgm indexes on handles, names and tags).
 */

const MAX_NAME_WORDS = 4;

/** What a list of members shows of each (MemberSummary's columns). */
export const memberColumns = {
  handle: actors.handle,
  displayName: actors.displayName,
  headline: actors.headline,
  avatarKey: actors.avatarKey,
};

/** `%word%` for ILIKE, its wildcards taken literally. */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, "\\$&")}%`;
}

/** The plain words a query searches for, when it is only words: a name, maybe. */
export function nameWords(query: SearchQuery): string[] {
  if (query.groups.length > MAX_NAME_WORDS || query.groups.some((g) => g.length !== 1)) return [];
  const terms = query.groups.flat();
  const words = terms.flatMap((t) => (t.type === "word" && !t.negated ? [t.text] : []));
  return words.length === terms.length ? words.map((w) => w.replace(/^@/, "")).filter(Boolean) : [];
}

/** Members of this instance whose handle or name holds every word. */
export async function matchingPeople(
  ctx: Ctx,
  words: readonly string[],
  limit = 6,
): Promise<MemberSummary[]> {
  if (words.length === 0) return [];
  // Handle and name as one text, as actors_local_names_trgm_idx holds them: a
  // word (no spaces) found in it is found in one of the two.
  const names = sql`(${actors.handle} || ' ' || coalesce(${actors.displayName}, ''))`;
  const each: SQL[] = words.map((word) => sql`${names} ilike ${containsPattern(word)}`);
  const whole = words.join(" ");
  const rows = await ctx.db
    .select(memberColumns)
    .from(actors)
    .innerJoin(users, eq(users.actorId, actors.id))
    .where(and(isNull(actors.host), ...each))
    .orderBy(
      desc(sql`lower(${actors.handle}) = lower(${whole})`),
      desc(
        sql`greatest(similarity(${actors.handle}, ${whole}), similarity(${actors.displayName}, ${whole}))`,
      ),
      actors.handle,
    )
    .limit(limit);
  return rows.map((row) => ({ ...row, displayName: row.displayName || row.handle }));
}

/** How many of the newest matching tag uses are looked at to rank tags. */
const TAG_SAMPLE = 2000;

/**
 * Tags containing one of the words, on entries the viewer may see (a tag used
 * only on private entries is never suggested to anyone else), most used first.
 */
export async function matchingTags(
  ctx: Ctx,
  viewer: Viewer,
  words: readonly string[],
  limit = 8,
): Promise<Tag[]> {
  if (words.length === 0) return [];
  const anyWord = sql.join(
    words.map((word) => sql`${entryTags.tag} ilike ${containsPattern(word.toLowerCase())}`),
    sql` or `,
  );
  const uses = ctx.db
    .select({ tag: entryTags.tag, display: entryTags.display })
    .from(entryTags)
    .innerJoin(entries, eq(entries.id, entryTags.entryId))
    .where(and(sql`(${anyWord})`, entryVisibleTo(viewer, "listing")))
    .limit(TAG_SAMPLE)
    .as("uses");
  return ctx.db
    .select({ tag: uses.tag, display: sql<string>`min(${uses.display})` })
    .from(uses)
    .groupBy(uses.tag)
    .orderBy(desc(sql`count(*)`), uses.tag)
    .limit(limit);
}
