import { type SQL, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { remotePostTagged } from "../tag-conditions.ts";
import { inLanguage } from "./conditions.ts";
import { type Clause, isTextClause, type SearchQuery, type Term, type TermGroup } from "./query.ts";

/**
 * Each operator as a condition on `remote_posts`, like conditions.ts does for
 * entries. Only narrowing: the caller always adds `remotePostVisibleTo`.
 */

/** When a remote post was written, else when it arrived: its place among results. */
export const remotePostAt = sql`coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt})`;

/**
 * Operators about what only entries have (kind, prompt, portfolio, questions
 * and answers): on remote posts such a term is false, even negated, so it
 * only ever closes its own branch of an OR (`kind:photo OR #design` still
 * finds remote posts tagged #design).
 */
export function isEntryOnly(term: Clause): boolean {
  return (
    term.type === "kind" ||
    term.type === "prompt" ||
    term.type === "in" ||
    term.type === "is" ||
    (term.type === "has" && term.value === "question")
  );
}

/**
 * The query's groups as remote posts can match them: entry-only terms left
 * out of their group; null when a group has nothing else that could match
 * (`harbour kind:note`, `kind:photo OR prompt:learning`), so remote posts
 * are left out altogether.
 */
export function remoteGroups(
  query: Pick<SearchQuery, "groups">,
  tsqueryOf: (term: Term) => string | null,
): TermGroup[] | null {
  const groups: TermGroup[] = [];
  for (const group of query.groups) {
    const kept = group.filter((term) => !isEntryOnly(term));
    if (kept.length === group.length) {
      groups.push(group);
      continue;
    }
    // Words with nothing searchable would drop the whole group: the branch left must match something.
    const searchable = kept.filter((term) => !isTextClause(term) || tsqueryOf(term) !== null);
    if (searchable.length === 0) return null;
    groups.push(searchable);
  }
  return groups;
}

/** Whether remote posts can match the query at all (what explain.ts tells the searcher). */
export function appliesToRemotePosts(query: Pick<SearchQuery, "groups">): boolean {
  return remoteGroups(query, () => "x") !== null;
}

export function remoteMatchesText(tsquery: string): SQL {
  return sql`${remotePosts.search} @@ ${tsquery}::tsquery`;
}

/** The condition for one clause other than words and phrases (entry-only ones: false). */
export function remoteClauseCondition(clause: Exclude<Clause, { type: "word" | "phrase" }>): SQL {
  switch (clause.type) {
    case "tag":
      return remotePostTagged(clause.tag);
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
      return inLanguage(remotePosts.language, clause.language);
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
