import { html } from "hono/html";
import {
  type BuilderValues,
  type HAS_VALUES,
  KIND_NAMES,
  MAX_QUERY_CHARS,
  SEARCH_PROMPTS,
  type SearchSort,
} from "../../domain/search/index.ts";
import type { Html } from "../layout.ts";
import { inputField, selectField } from "../routes/accounts/forms.ts";
import { PROMPTS } from "./labels.ts";

export const SORT_OPTIONS = [
  { value: "recent", label: "Newest first" },
  { value: "relevance", label: "Best match" },
] as const;

const HAS_OPTIONS: Record<(typeof HAS_VALUES)[number], string> = {
  media: "Media (photos, audio, video)",
  link: "A link",
  question: "A question",
};

const any = (label: string) => ({ value: "", label });

/** The query box: one line of the query language, and the order. */
export function searchBox(q: string, sort: SearchSort): Html {
  return html`<form class="search-form" method="get" action="/search" role="search" aria-label="Search entries">
  <div class="field search-query">
    <label for="q">Search</label>
    <input id="q" name="q" type="search" value="${q}" maxlength="${MAX_QUERY_CHARS}" aria-describedby="q-hint" autocomplete="off">
    <p class="hint" id="q-hint">Words, "exact phrases", -exclude, OR, #tag, from:@handle, kind:photo, before:2026-03-01… (see “Build a query” below).</p>
  </div>
  ${selectField({ id: "sort", name: "sort", label: "Order", value: sort, options: SORT_OPTIONS })}
  <div class="actions"><button type="submit">Search</button></div>
</form>`;
}

function builderInput(
  name: keyof BuilderValues,
  label: string,
  values: BuilderValues,
  extra: { hint?: string; placeholder?: string } = {},
): Html {
  return inputField({
    id: `b-${name}`,
    name,
    label,
    value: values[name] ?? "",
    maxlength: 200,
    ...extra,
  });
}

function dateInput(
  name: "after" | "before" | "during",
  label: string,
  values: BuilderValues,
): Html {
  const type = name === "during" ? "month" : "date";
  return html`<div class="field">
  <label for="b-${name}">${label}</label>
  <input id="b-${name}" name="${name}" type="${type}" value="${values[name] ?? ""}">
</div>`;
}

/**
 * The visual query builder: a field per operator. It submits to /search,
 * which writes the query string from the fields and shows it.
 */
export function queryBuilder(values: BuilderValues, sort: SearchSort, open: boolean): Html {
  return html`<details class="query-builder"${open ? html` open` : ""}>
<summary>Build a query</summary>
<form method="get" action="/search" class="builder-form" aria-label="Build a query">
  <input type="hidden" name="build" value="1">
  <fieldset>
    <legend>Words</legend>
    ${builderInput("words", "All of these words", values, { placeholder: "onboarding redesign" })}
    ${builderInput("phrase", "This exact phrase", values)}
    ${builderInput("any", "Any of these words", values, { hint: "Written as: design OR research" })}
    ${builderInput("exclude", "None of these words", values, { hint: "Written as: -draft" })}
  </fieldset>
  <fieldset>
    <legend>Who and what</legend>
    ${builderInput("tags", "Tagged", values, { hint: "Written as: #prototype" })}
    ${builderInput("from", "By", values, { hint: "A handle, written as: from:@alice", placeholder: "@handle" })}
    ${selectField({ id: "b-kind", name: "kind", label: "Kind", value: values.kind ?? "", options: [any("Any kind"), ...Object.entries(KIND_NAMES).map(([value, label]) => ({ value, label }))] })}
    ${selectField({ id: "b-prompt", name: "prompt", label: "Prompt", value: values.prompt ?? "", options: [any("Any prompt"), ...SEARCH_PROMPTS.map((p) => ({ value: p, label: PROMPTS[p].label }))] })}
    ${selectField({ id: "b-has", name: "has", label: "Has", value: values.has ?? "", options: [any("Anything"), ...Object.entries(HAS_OPTIONS).map(([value, label]) => ({ value, label }))] })}
    ${builderInput("in", "In portfolio", values, { hint: "The portfolio's short name, written as: in:my-work" })}
    ${builderInput("lang", "Language", values, { hint: "A code like en or de, written as: lang:de" })}
  </fieldset>
  <fieldset>
    <legend>When</legend>
    ${dateInput("after", "Published after", values)}
    ${dateInput("before", "Published before", values)}
    ${dateInput("during", "During (month)", values)}
  </fieldset>
  ${builderInput("other", "Other terms", values, { hint: "Anything else in the query language, kept as written." })}
  ${selectField({ id: "b-sort", name: "sort", label: "Order of results", value: sort, options: SORT_OPTIONS })}
  <div class="actions"><button type="submit">Build and search</button></div>
</form>
</details>`;
}

/** A search box for one member's entries (on their profile). */
export function profileSearchBox(handle: string): Html {
  return html`<form class="search-form profile-search" method="get" action="/search" role="search" aria-label="Search @${handle}'s entries">
  <input type="hidden" name="build" value="1">
  <input type="hidden" name="from" value="${handle}">
  <div class="field search-query">
    <label for="profile-search">Search @${handle}'s entries</label>
    <input id="profile-search" name="words" type="search" maxlength="200">
  </div>
  <div class="actions"><button type="submit" class="secondary">Search</button></div>
</form>`;
}

/** A search box for one portfolio's entries (on the portfolio page). */
export function portfolioSearchBox(handle: string, slug: string): Html {
  return html`<form class="search-form portfolio-search" method="get" action="/search" role="search" aria-label="Search this portfolio">
  <input type="hidden" name="build" value="1">
  <input type="hidden" name="from" value="${handle}">
  <input type="hidden" name="in" value="${slug}">
  <div class="field search-query">
    <label for="portfolio-search">Search this portfolio</label>
    <input id="portfolio-search" name="words" type="search" maxlength="200">
  </div>
  <div class="actions"><button type="submit" class="secondary">Search</button></div>
</form>`;
}
