import type { Clause, SearchQuery, Term } from "./query.ts";

/** A clause as the query language writes it: what the search page shows people. */
export function formatClause(clause: Clause): string {
  switch (clause.type) {
    case "word":
      return clause.text;
    case "phrase":
      return `"${clause.text}"`;
    case "tag":
      return `#${clause.tag}`;
    case "from":
      return `from:@${clause.handle}${clause.host ? `@${clause.host}` : ""}`;
    case "kind":
    case "prompt":
    case "has":
    case "is":
      return `${clause.type}:${clause.value}`;
    case "in":
      return `in:${clause.slug}`;
    case "lang":
      return `lang:${clause.language}`;
    case "before":
    case "after":
    case "during":
      return `${clause.type}:${clause.period.text}`;
  }
}

export function formatTerm(term: Term): string {
  return `${term.negated ? "-" : ""}${formatClause(term)}`;
}

/** The canonical query string: parsing it gives the same query back. */
export function formatQuery(query: Pick<SearchQuery, "groups">): string {
  return query.groups.map((group) => group.map(formatTerm).join(" OR ")).join(" ");
}
