import { html } from "hono/html";
import { ENTRY_PROMPTS } from "../../domain/entries/index.ts";
import type { Html } from "../layout.ts";
import { inputField, selectField } from "../routes/accounts/forms.ts";
import { AUDIENCE_BADGES, PROMPTS, STATUS_LABELS } from "./labels.ts";
import { listUrl } from "./pagination.ts";

/** The filters a list was asked for, straight from the query string. */
export interface Filters {
  prompt?: string;
  tag?: string;
  audience?: string;
  status?: string;
}

type FilterName = "prompt" | "audience" | "status";

/** Each select filter: its label, what "no filter" reads, and its choices. */
const SELECTS: Record<FilterName, { label: string; any: string; labels: Record<string, string> }> =
  {
    prompt: {
      label: "Prompt",
      any: "Any prompt",
      labels: Object.fromEntries(ENTRY_PROMPTS.map((p) => [p, PROMPTS[p].label])),
    },
    audience: { label: "Audience", any: "Any audience", labels: AUDIENCE_BADGES },
    status: { label: "Status", any: "Any status", labels: STATUS_LABELS },
  };

function filterSelect(name: FilterName, filters: Filters): Html {
  const { label, any, labels } = SELECTS[name];
  return selectField({
    id: `filter-${name}`,
    name,
    label,
    value: filters[name] ?? "",
    options: [
      { value: "", label: any },
      ...Object.entries(labels).map(([value, l]) => ({ value, label: l })),
    ],
  });
}

/** One-click prompt filters above a list; the current one is marked. */
function promptChips(path: string, filters: Filters): Html {
  const chip = (prompt: string, label: string) => {
    const current = (filters.prompt ?? "") === prompt;
    return html`<li><a href="${listUrl(path, { ...filters, prompt })}"${current ? html` aria-current="true"` : ""}>${label}</a></li>`;
  };
  return html`<ul class="chips" aria-label="Filter by prompt">
    ${chip("", "All")}${ENTRY_PROMPTS.map((p) => chip(p, PROMPTS[p].label))}
  </ul>`;
}

/**
 * Prompt chips, then a GET form filtering by tag (and, in the journal, by
 * audience and status) that keeps the chosen prompt. Works without JavaScript.
 */
export function filterBar(path: string, filters: Filters, journal = false): Html {
  return html`${promptChips(path, filters)}
<form class="filters" method="get" action="${path}" role="search" aria-label="Filter entries">
  ${filters.prompt ? html`<input type="hidden" name="prompt" value="${filters.prompt}">` : ""}
  ${inputField({ id: "filter-tag", name: "tag", label: "Tag", value: filters.tag ?? "", maxlength: 65 })}
  ${journal ? html`${filterSelect("audience", filters)}${filterSelect("status", filters)}` : ""}
  <div class="actions"><button type="submit" class="secondary">Filter</button>${
    Object.values(filters).some(Boolean) ? html` <a href="${path}">Clear filters</a>` : ""
  }</div>
</form>`;
}
