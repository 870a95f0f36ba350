import { type AnyColumn, and, desc, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries, entryTags, tagNames } from "../../db/schema/entries.ts";
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

/** The word with ILIKE's wildcards taken literally. */
const literally = (word: string) => word.replace(/[\\%_]/g, "\\$&");

/** `%word%` for ILIKE, its wildcards taken literally. */
export function containsPattern(word: string): string {
  return `%${literally(word)}%`;
}

/** `word%` for ILIKE, its wildcards taken literally. */
function startsWithPattern(word: string): string {
  return `${literally(word)}%`;
}

/**
 * Words shorter than this hold no trigram of their own: `%ux%` finds nothing
 * through a trigram index, which hands over every name instead ("ux" read
 * every tag name; "al" every account this server knows). Such words match
 * where a name, or a word of it, starts, which the index finds.
 */
const SHORT_WORD = 3;

/** A handle or tag name like the word: containing it, or a short word starting it. */
export function handleLike(handle: SQL | AnyColumn, word: string): SQL {
  return word.length < SHORT_WORD
    ? sql`${handle} ilike ${startsWithPattern(word)}`
    : sql`${handle} ilike ${containsPattern(word)}`;
}

/** A name like the word: containing it, or a short word starting one of its words ("jo": Mary Jones, not Banjo). */
export function nameLike(name: SQL | AnyColumn, word: string): SQL {
  if (word.length >= SHORT_WORD) return sql`${name} ilike ${containsPattern(word)}`;
  const start = startsWithPattern(word);
  return sql`(${name} ilike ${start} or ${name} ilike ${`% ${start}`})`;
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
  const each: SQL[] = words.map((word) => nameLike(names, word));
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

/** How many tag names like the words are weighed. */
const TAG_CANDIDATES = 24;
/** A tag's uses the viewer may see are counted up to this, to rank it. */
const USES_COUNTED = 100;

/** A tag name like the word ("ux": #ux and #uxdesign, not #linux). */
function tagNameLike(word: string): SQL {
  return handleLike(tagNames.tag, word.toLowerCase());
}

/**
 * Tags like one of the words, on entries the viewer may see (a tag used
 * only on private entries is never suggested to anyone else, nor spelled as
 * they spell it), most used first. The names come from tag_names, and each
 * one's uses are counted through its index up to USES_COUNTED: reading a
 * sample of every matching use took 16 ms for "design" at a million entries.
 * The viewer's rule is a subquery on each use, not a join: planned for a
 * tag it cannot know, PostgreSQL would read entries and look each up among
 * the uses (82 ms for "design", 0.4 ms this way).
 */
export async function matchingTags(
  ctx: Ctx,
  viewer: Viewer,
  words: readonly string[],
  limit = 8,
): Promise<Tag[]> {
  if (words.length === 0) return [];
  const whole = words.join(" ").toLowerCase();
  const rows = await ctx.db.execute<{ tag: string; display: string }>(sql`
    select named.tag, uses.display from (
      select ${tagNames.tag} as tag from ${tagNames} where ${or(...words.map(tagNameLike))}
      order by similarity(${tagNames.tag}, ${whole}) desc, ${tagNames.tag}
      limit ${TAG_CANDIDATES}) named
    cross join lateral (
      select min(seen.display) as display, count(*) as count from (
        select ${entryTags.display} from ${entryTags}
        where ${entryTags.tag} = named.tag
          and coalesce((select true from ${entries}
            where ${entries.id} = ${entryTags.entryId} and ${entryVisibleTo(viewer, "listing")}), false)
        limit ${USES_COUNTED}) seen) uses
    where uses.count > 0
    order by uses.count desc, similarity(named.tag, ${whole}) desc, named.tag
    limit ${limit}`);
  return rows.map((row) => ({ tag: row.tag, display: row.display }));
}
