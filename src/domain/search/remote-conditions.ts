import { type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { termConditionWith } from "./conditions.ts";
import type { Clause, SearchQuery, Term } from "./query.ts";

/**
 * Each operator as a condition on `remote_posts`, like conditions.ts does for
 * entries. Only narrowing: the caller always adds `remotePostVisibleTo`.
 */

/** When a remote post was written, else when it arrived: its place among results. */
export const remotePostAt = sql`coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt})`;

/**
 * Operators about what only entries have (kind, prompt, portfolio, questions
 * and answers here): a query using any of them, even negated, leaves remote
 * posts out rather than letting them match.
 */
export function appliesToRemotePosts(query: Pick<SearchQuery, "groups">): boolean {
  return query.groups
    .flat()
    .every(
      (t) =>
        t.type !== "kind" &&
        t.type !== "prompt" &&
        t.type !== "in" &&
        t.type !== "is" &&
        !(t.type === "has" && t.value === "question"),
    );
}

export function remoteMatchesText(tsquery: string): SQL {
  return sql`${remotePosts.search} @@ ${tsquery}::tsquery`;
}

/** The condition for one clause other than words and phrases (those left out above: false). */
export function remoteClauseCondition(clause: Exclude<Clause, { type: "word" | "phrase" }>): SQL {
  switch (clause.type) {
    case "tag":
      return sql`${clause.tag} = any(${remotePosts.tags})`;
    case "from":
      return sql`${remotePosts.authorId} = (select ${actors.id} from ${actors}
        where lower(${actors.handle}) = ${clause.handle} and coalesce(${actors.host}, '') = ${clause.host ?? ""})`;
    case "has":
      return clause.value === "media"
        ? sql`jsonb_array_length(${remotePosts.attachments}) > 0`
        : clause.value === "link"
          ? sql`${remotePosts.contentHtml} like '%href="http%'`
          : sql`false`;
    case "lang":
      return clause.language.includes("-")
        ? sql`lower(${remotePosts.language}) = ${clause.language}`
        : sql`lower(split_part(${remotePosts.language}, '-', 1)) = ${clause.language}`;
    case "before":
      return sql`${remotePostAt} < ${clause.period.start.toISOString()}::timestamptz`;
    case "after":
      return sql`${remotePostAt} >= ${clause.period.end.toISOString()}::timestamptz`;
    case "during":
      return sql`(${remotePostAt} >= ${clause.period.start.toISOString()}::timestamptz
        and ${remotePostAt} < ${clause.period.end.toISOString()}::timestamptz)`;
    case "kind":
    case "prompt":
    case "is":
    case "in":
      return sql`false`;
  }
}

/** A term's condition on remote posts (null: nothing to search). */
export function remoteTermCondition(
  term: Term,
  tsqueryOf: (term: Term) => string | null,
): SQL | null {
  return termConditionWith(term, tsqueryOf, remoteMatchesText, remoteClauseCondition);
}
