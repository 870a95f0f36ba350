import { ENTRY_PROMPTS } from "../../db/schema/entries.ts";

/**
 * The search query language, as data. `parseQuery` (parse.ts) turns any
 * string into a `SearchQuery`; `formatQuery` (format.ts) writes it back in its
 * canonical form; `explainQuery` (explain.ts) says it in words; the SQL
 * builder (conditions.ts) turns it into a condition on entries. The client API
 * and federation search can reuse all four as they are.
 */

export const SEARCH_KINDS = ["photo", "audio", "video", "article", "note", "link"] as const;
export const SEARCH_PROMPTS = ENTRY_PROMPTS;
export const HAS_VALUES = ["media", "link", "question"] as const;
export const IS_VALUES = ["unanswered"] as const;
export const DATE_OPERATORS = ["before", "after", "during"] as const;
/** Operators written `name:value`; anything else with a colon is a word. */
export const OPERATORS = [
  "from",
  "kind",
  "prompt",
  "has",
  "is",
  "in",
  "lang",
  ...DATE_OPERATORS,
] as const;

export type SearchKind = (typeof SEARCH_KINDS)[number];
export type SearchPrompt = (typeof SEARCH_PROMPTS)[number];
export type HasValue = (typeof HAS_VALUES)[number];
export type IsValue = (typeof IS_VALUES)[number];
export type DateOperator = (typeof DATE_OPERATORS)[number];

/** A calendar day, month or year in UTC: `start` inclusive, `end` exclusive. */
export interface Period {
  /** As written in the query: 2026, 2026-03 or 2026-03-01. */
  text: string;
  unit: "year" | "month" | "day";
  start: Date;
  end: Date;
}

export type Clause =
  | { type: "word"; text: string }
  | { type: "phrase"; text: string }
  | { type: "tag"; tag: string }
  /** `host` is null for a member of this instance. */
  | { type: "from"; handle: string; host: string | null }
  | { type: "kind"; value: SearchKind }
  | { type: "prompt"; value: SearchPrompt }
  | { type: "has"; value: HasValue }
  | { type: "is"; value: IsValue }
  | { type: "in"; slug: string }
  | { type: DateOperator; period: Period }
  | { type: "lang"; language: string };

/** One clause, maybe excluded (`-word`, `-#tag`, `-kind:note`). */
export type Term = Clause & { negated: boolean };

/** Terms in a group are alternatives (`a OR b`); the groups must all hold. */
export type TermGroup = readonly Term[];

export interface SearchQuery {
  groups: readonly TermGroup[];
  /** What the parser changed or ignored, in words for the searcher. */
  notes: readonly string[];
}

/** Bounds that keep any query cheap: longer input is cut, not refused. */
export const MAX_QUERY_CHARS = 1000;
export const MAX_TERMS = 30;
export const MAX_WORD_CHARS = 100;
export const MAX_PHRASE_CHARS = 200;

export const EMPTY_QUERY: SearchQuery = Object.freeze({ groups: [], notes: [] });

/** Whether a clause is matched against the entry's words (rather than a column). */
export function isTextClause(
  clause: Clause,
): clause is Extract<Clause, { type: "word" | "phrase" }> {
  return clause.type === "word" || clause.type === "phrase";
}

/** The words and phrases the query looks for (not excluded): what snippets highlight. */
export function positiveTextTerms(query: SearchQuery): Term[] {
  return query.groups.flat().filter((term) => isTextClause(term) && !term.negated);
}
