import { formatQuery, formatTerm } from "./format.ts";
import { parseQuery } from "./parse.ts";
import {
  HAS_VALUES,
  SEARCH_KINDS,
  SEARCH_PROMPTS,
  type SearchQuery,
  type Term,
  type TermGroup,
} from "./query.ts";

/**
 * The search page's visual query builder: one field per operator. `compose`
 * writes the fields as a query string (which the page then shows, so people
 * learn the syntax); `decompose` fills the fields from a query, putting what
 * no single field can hold (OR across operators, a second kind…) in "other".
 */

export const BUILDER_FIELDS = [
  "words",
  "phrase",
  "any",
  "exclude",
  "tags",
  "from",
  "kind",
  "prompt",
  "has",
  "in",
  "lang",
  "after",
  "before",
  "during",
  "other",
] as const;
export type BuilderField = (typeof BUILDER_FIELDS)[number];
export type BuilderValues = Partial<Record<BuilderField, string>>;

const words = (text: string | undefined) =>
  (text ?? "").replaceAll('"', " ").split(/\s+/u).filter(Boolean);
const firstWord = (text: string | undefined) => words(text)[0] ?? "";
const oneOf = (values: readonly string[], value: string | undefined) =>
  values.includes(value ?? "") ? (value as string) : "";

/** The fields as a query string, in canonical form. */
export function compose(values: BuilderValues): string {
  const phrase = (values.phrase ?? "").replaceAll('"', " ").trim();
  const operator = (name: string, value: string) => (value ? `${name}:${value}` : "");
  const parts = [
    values.words ?? "",
    phrase ? `"${phrase}"` : "",
    words(values.any).join(" OR "),
    words(values.exclude)
      .map((w) => `-${w.replace(/^-+/, "")}`)
      .join(" "),
    (values.tags ?? "")
      .split(/[\s,]+/u)
      .filter(Boolean)
      .map((t) => `#${t.replace(/^#+/, "")}`)
      .join(" "),
    operator("from", firstWord(values.from) ? `@${firstWord(values.from).replace(/^@/, "")}` : ""),
    operator("kind", oneOf(SEARCH_KINDS, values.kind)),
    operator("prompt", oneOf(SEARCH_PROMPTS, values.prompt)),
    operator("has", oneOf(HAS_VALUES, values.has)),
    operator("in", firstWord(values.in)),
    operator("lang", firstWord(values.lang)),
    operator("after", firstWord(values.after)),
    operator("before", firstWord(values.before)),
    operator("during", firstWord(values.during)),
    values.other ?? "",
  ];
  return formatQuery(parseQuery(parts.filter(Boolean).join(" ")));
}

type Single = Exclude<BuilderField, "words" | "any" | "exclude" | "tags" | "other">;

/** The field a lone, included term fills (null: it goes to "other"). */
function singleField(term: Term): { field: Single; value: string } | null {
  switch (term.type) {
    case "phrase":
      return { field: "phrase", value: term.text };
    case "from":
      return term.host ? null : { field: "from", value: term.handle };
    case "kind":
    case "prompt":
    case "has":
      return { field: term.type, value: term.value };
    case "in":
      return { field: "in", value: term.slug };
    case "lang":
      return { field: "lang", value: term.language };
    case "after":
    case "before":
    case "during":
      return { field: term.type, value: term.period.text };
    default:
      return null;
  }
}

/** Fills the builder's fields from a query; `compose` of the result finds the same entries. */
export function decompose(query: SearchQuery): BuilderValues {
  const lists: Record<"words" | "any" | "exclude" | "tags" | "other", string[]> = {
    words: [],
    any: [],
    exclude: [],
    tags: [],
    other: [],
  };
  const values: BuilderValues = {};
  const other = (group: TermGroup) => lists.other.push(formatQuery({ groups: [group] }));
  for (const group of query.groups) {
    const [term] = group;
    if (!term) continue;
    if (group.length > 1) {
      const plainWords = group.every((t) => t.type === "word" && !t.negated);
      if (plainWords && lists.any.length === 0) lists.any.push(...group.map(formatTerm));
      else other(group);
      continue;
    }
    if (term.type === "word") {
      lists[term.negated ? "exclude" : "words"].push(term.text);
      continue;
    }
    if (term.type === "tag" && !term.negated) {
      lists.tags.push(term.tag);
      continue;
    }
    const single = term.negated ? null : singleField(term);
    if (single && values[single.field] === undefined) values[single.field] = single.value;
    else other(group);
  }
  for (const [field, list] of Object.entries(lists)) {
    if (list.length > 0) values[field as BuilderField] = list.join(" ");
  }
  return values;
}
