import { type AnyColumn, and, or, type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { media } from "../../db/schema/media.ts";
import { portfolioItems, portfolios } from "../../db/schema/portfolios.ts";
import { portfolioVisibleTo } from "../authorization.ts";
import { entryTagged } from "../tag-conditions.ts";
import type { Viewer } from "../viewer.ts";
import type { Clause, Term } from "./query.ts";

/**
 * Each operator as a condition on `entries`. These only narrow: the caller
 * always adds `entryVisibleTo`, so no operator can reach an entry the viewer
 * may not see. Values are bound parameters, never spliced into SQL.
 */

/** `entries.search` matches a tsquery given as text (made by PostgreSQL, see plan.ts). */
export function matchesText(tsquery: string): SQL {
  return sql`${entries.search} @@ ${tsquery}::tsquery`;
}

/**
 * The same test as `@@`, written as the function behind it, which no index
 * serves: PostgreSQL then finds the rows through the query's other indexed
 * conditions and tests their words (see frequency.ts for when).
 */
export function testsText(search: SQL | AnyColumn, tsquery: string): SQL {
  return sql`ts_match_vq(${search}, ${tsquery}::tsquery)`;
}

/**
 * "Carries the tag" as the function behind `@>`, which no index serves: the
 * rows come from a narrower indexed condition (`from:`) and have their tags
 * tested (plan.ts decides when).
 */
export function testsTag(tags: AnyColumn, tag: string): SQL {
  return sql`arraycontains(${tags}, array[${tag}]::text[])`;
}

/**
 * The tag among the entry's tag hashes (migration 0018): a test the indexes
 * of publication times can make from their own pages (pages.ts, walkedEntries).
 */
export function hashesTag(tag: string): SQL {
  return sql`${entries.tagHashes} @> array[outloud_tag_hash(${tag})]`;
}

function byAuthor(handle: string, host: string | null): SQL {
  // Search covers entries written here: an account on another server matches nothing (explain.ts says so).
  return sql`${entries.authorId} = (select ${actors.id} from ${actors}
    where lower(${actors.handle}) = ${handle} and coalesce(${actors.host}, '') = ${host ?? ""})`;
}

const hasLink = sql`(${entries.linkUrl} is not null or ${entries.bodyHtml} like '%href="http%')`;
const hasMedia = sql`exists (select 1 from ${media} where ${media.entryId} = ${entries.id})`;
/** A reply marked as a question; unanswered while its thread's author accepted no answer. */
const isQuestion = sql`${entries.isQuestion}`;
const unanswered = sql`(${entries.isQuestion} and ${entries.acceptedAnswerId} is null)`;

/**
 * In a portfolio with this short name that the viewer may see listed: a
 * portfolio they may not see does not reveal which entries it holds.
 */
function inPortfolio(slug: string, viewer: Viewer): SQL {
  return sql`exists (select 1 from ${portfolioItems}
    inner join ${portfolios} on ${portfolios.id} = ${portfolioItems.portfolioId}
    where ${portfolioItems.entryId} = ${entries.id} and lower(${portfolios.slug}) = ${slug}
      and ${portfolioVisibleTo(viewer, "listing")})`;
}

/**
 * In this language (`fr`) or regional variant (`fr-ca`): always by the base
 * language, as the language indexes hold it (db/schema), then the variant.
 */
export function inLanguage(column: AnyColumn, language: string): SQL {
  const base = sql`lower(split_part(${column}, '-', 1)) = ${language.split("-")[0] ?? ""}`;
  return language.includes("-") ? sql`(${base} and lower(${column}) = ${language})` : base;
}

/** The condition for one clause other than words and phrases. */
export function clauseCondition(
  clause: Exclude<Clause, { type: "word" | "phrase" }>,
  viewer: Viewer,
): SQL {
  switch (clause.type) {
    case "tag":
      return entryTagged(clause.tag);
    case "from":
      return byAuthor(clause.handle, clause.host);
    case "kind":
      return sql`${entries.kind} = ${clause.value}`;
    case "prompt":
      return sql`${entries.prompt} = ${clause.value}`;
    case "has":
      return clause.value === "link" ? hasLink : clause.value === "media" ? hasMedia : isQuestion;
    case "is":
      return unanswered;
    case "in":
      return inPortfolio(clause.slug, viewer);
    case "lang":
      return inLanguage(entries.language, clause.language);
    case "before":
      return sql`${entries.publishedAt} < ${clause.period.start.toISOString()}::timestamptz`;
    case "after":
      return sql`${entries.publishedAt} >= ${clause.period.end.toISOString()}::timestamptz`;
    case "during":
      return sql`(${entries.publishedAt} >= ${clause.period.start.toISOString()}::timestamptz
        and ${entries.publishedAt} < ${clause.period.end.toISOString()}::timestamptz)`;
  }
}

/** Excluded: true also where the condition is null (no prompt, no search document). */
export function negate(condition: SQL): SQL {
  return sql`(${condition}) is not true`;
}

/**
 * A term's condition, given the tsquery text of each word and phrase (null:
 * nothing to search), how a table matches text, and its clause conditions
 * (entries here; remote posts in remote-conditions.ts).
 */
export function termConditionWith(
  term: Term,
  tsqueryOf: (term: Term) => string | null,
  text: (tsquery: string) => SQL,
  clause: (clause: Exclude<Clause, { type: "word" | "phrase" }>) => SQL,
): SQL | null {
  let condition: SQL;
  if (term.type === "word" || term.type === "phrase") {
    const tsquery = tsqueryOf(term);
    if (tsquery === null) return null;
    condition = text(tsquery);
  } else {
    condition = clause(term);
  }
  return term.negated ? negate(condition) : condition;
}

/** Alternatives: any of the group's conditions (null when none is left). */
export function anyOf(conditions: (SQL | null)[]): SQL | null {
  const kept = conditions.filter((c): c is SQL => c !== null);
  if (kept.length === 0) return null;
  return kept.length === 1 ? kept[0]! : or(...kept)!;
}

export function allOf(conditions: (SQL | null)[]): SQL | undefined {
  const kept = conditions.filter((c): c is SQL => c !== null);
  return kept.length === 0 ? undefined : and(...kept);
}
