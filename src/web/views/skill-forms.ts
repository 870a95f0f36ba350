import type { Context } from "hono";
import { html } from "hono/html";
import type { EntryView } from "../../domain/entries/index.ts";
import {
  MAX_DESCRIPTION_CHARS,
  type MemberTag,
  type SkillView,
  TAG_TYPES,
} from "../../domain/skills/index.ts";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";
import {
  type Errors,
  formProblem,
  inputField,
  selectField,
  textareaField,
  type Values,
} from "../routes/accounts/forms.ts";
import { AUDIENCE_BADGES, entryName, formatDate } from "./labels.ts";
import { skillPaths } from "./portfolio-paths.ts";
import { ratingWords } from "./skill-page.ts";

/** Forms of the skill pages: the skill itself, ratings, evidence, tag types. */

export interface FormState {
  form?: string;
  values?: Values;
  errors?: Errors;
  message?: string;
}

function stateFor(state: FormState, form: string) {
  const failed = state.form === form;
  return {
    values: failed ? (state.values ?? {}) : undefined,
    errors: failed ? (state.errors ?? {}) : {},
    problem: failed ? formProblem(state.message) : html``,
  };
}

export function skillFields(values: Values, errors: Errors): Html {
  return html`${inputField({ name: "name", label: "Skill", value: values.name, error: errors.name, maxlength: 80, required: true, placeholder: "Facilitating workshops" })}
${inputField({ name: "slug", label: "Address", value: values.slug, error: errors.slug, maxlength: 60, hint: "Leave empty to make one from the name." })}
${textareaField({ name: "description", label: "Description", value: values.description, error: errors.description, maxlength: MAX_DESCRIPTION_CHARS, rows: 3, hint: "A sentence or two: what you can do." })}
${inputField({ name: "frameworkUri", label: "Framework reference", type: "url", value: values.frameworkUri, error: errors.frameworkUri, placeholder: "http://data.europa.eu/esco/skill/…", hint: "Optional: the skill in a framework such as ESCO." })}
${inputField({ name: "tag", label: "Tag", value: values.tag, error: errors.tag, maxlength: 65, placeholder: "workshops", hint: "Your entries with this tag are offered as evidence when you type the tag as a skill (Settings → Tags). Empty: made from the name." })}`;
}

export const RATING_OPTIONS = [1, 2, 3, 4, 5].map((n) => ({
  value: String(n),
  label: ratingWords(n),
}));

function entryChoice(entry: EntryView): { value: string; label: string } {
  const date = entry.publishedAt ? formatDate(entry.publishedAt) : "";
  return {
    value: entry.id,
    label: `${entryName(entry, 60)} — ${date} (${AUDIENCE_BADGES[entry.audience]})`,
  };
}

function smallButton(
  c: Context<AppEnv>,
  action: string,
  label: string,
  fields: Record<string, string> = {},
  aria = label,
) {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(c)}${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<button type="submit" class="button-small secondary" aria-label="${aria}">${label}</button></form>`;
}

export interface SkillEditorData {
  skill: SkillView;
  suggestions: EntryView[];
  candidates: EntryView[];
}

export function skillEditor(c: Context<AppEnv>, data: SkillEditorData, state: FormState): Html {
  const { skill } = data;
  const root = skillPaths.edit(skill.owner.handle, skill.slug).replace(/\/edit$/, "");
  const settings = stateFor(state, "skill");
  const rating = stateFor(state, "rating");
  const evidence = stateFor(state, "evidence");
  return html`<div class="page-heading">
  <h1>Edit “${skill.name}”</h1>
  <a class="button button-secondary" href="${skillPaths.page(skill.owner.handle, skill.slug)}">View skill</a>
</div>
<section aria-labelledby="rate-heading" class="portfolio-edit-panel" id="rate">
  <h2 id="rate-heading">Rate yourself</h2>
  <p class="hint">Each rating is kept with its date: the skill page draws how you grew.</p>
  ${rating.problem}
  <form method="post" action="${root}/ratings" class="stack">
    ${csrfField(c)}
    ${selectField({ name: "rating", label: "Rating", value: rating.values?.rating ?? String(skill.ratings.at(-1)?.rating ?? 3), error: rating.errors.rating, options: RATING_OPTIONS })}
    ${inputField({ name: "note", id: "rating-note", label: "Why this rating", value: rating.values?.note, error: rating.errors.note, maxlength: 300 })}
    <div class="actions"><button type="submit">Save rating</button></div>
  </form>
</section>
<section aria-labelledby="evidence-heading" class="portfolio-edit-panel" id="evidence">
  <h2 id="evidence-heading">Evidence</h2>
  ${
    data.suggestions.length > 0
      ? html`<h3>Suggested: your entries tagged #${skill.tag}</h3>
  <ul class="pin-list">${data.suggestions.map(
    (entry) =>
      html`<li class="pin-row"><span>${entryName(entry, 80)}</span>${smallButton(c, `${root}/evidence`, "Add as evidence", { entryId: entry.id }, `Add “${entryName(entry, 60)}” as evidence`)}</li>`,
  )}</ul>`
      : ""
  }
  ${evidence.problem}
  ${
    data.candidates.length > 0
      ? html`<form method="post" action="${root}/evidence" class="stack">
    ${csrfField(c)}
    ${selectField({ name: "entryId", id: "evidence-entry", label: "Entry", value: evidence.values?.entryId, error: evidence.errors.entryId, options: data.candidates.map(entryChoice) })}
    ${inputField({ name: "note", id: "evidence-note", label: "What it shows", value: evidence.values?.note, error: evidence.errors.note, maxlength: 500 })}
    <div class="actions"><button type="submit">Add evidence</button></div>
  </form>`
      : html`<p class="muted">All your published entries are linked to this skill.</p>`
  }
  ${
    skill.evidence.length > 0
      ? html`<h3>Linked</h3><ul class="pin-list">${skill.evidence.map(
          (item) =>
            html`<li class="pin-row"><span>${entryName(item.entry, 80)}${item.note ? html` <span class="muted small">— ${item.note}</span>` : ""}</span>${smallButton(c, `${root}/evidence/${item.entry.id}/remove`, "Remove", {}, `Remove “${entryName(item.entry, 60)}” from the evidence`)}</li>`,
        )}</ul>`
      : ""
  }
</section>
<section aria-labelledby="skill-settings-heading" class="portfolio-edit-panel" id="settings">
  <h2 id="skill-settings-heading">The skill</h2>
  ${settings.problem}
  <form method="post" action="${root}/edit" class="stack">
    ${csrfField(c)}
    ${skillFields(settings.values ?? { name: skill.name, slug: skill.slug, description: skill.description, frameworkUri: skill.frameworkUri ?? "", tag: skill.tag ?? "" }, settings.errors)}
    <div class="actions"><button type="submit">Save skill</button></div>
  </form>
</section>
<section aria-labelledby="skill-delete-heading" class="portfolio-edit-panel" id="delete">
  <h2 id="skill-delete-heading">Delete this skill</h2>
  <form method="post" action="${root}/delete" class="stack">
    ${csrfField(c)}
    <div class="choice"><input type="checkbox" id="delete-confirm" name="confirm" value="yes"><label for="delete-confirm">Yes, delete “${skill.name}” with its ratings</label></div>
    <div class="actions"><button type="submit" class="danger">Delete skill</button></div>
  </form>
</section>`;
}

const TYPE_OPTIONS = [
  { value: "", label: "—" },
  ...TAG_TYPES.map((type) => ({ value: type, label: type[0]?.toUpperCase() + type.slice(1) })),
];

/** One select per tag, named `type:<tag>`. */
export function tagTypesForm(c: Context<AppEnv>, tags: readonly MemberTag[]): Html {
  if (tags.length === 0) return html`<p class="empty">Your entries have no tags yet.</p>`;
  return html`<form method="post" action="${skillPaths.tagTypes}" class="stack">
  ${csrfField(c)}
  <table class="tag-types">
    <thead><tr><th scope="col">Tag</th><th scope="col">Entries</th><th scope="col">Type</th></tr></thead>
    <tbody>${tags.map(
      (tag) => html`<tr>
      <th scope="row"><label for="type-${tag.tag}">#${tag.display}</label></th>
      <td>${tag.entries}</td>
      <td><select id="type-${tag.tag}" name="type:${tag.tag}">${TYPE_OPTIONS.map(
        (option) =>
          html`<option value="${option.value}"${option.value === (tag.type ?? "") ? html` selected` : ""}>${option.label}</option>`,
      )}</select></td>
    </tr>`,
    )}</tbody>
  </table>
  <div class="actions"><button type="submit">Save tag types</button></div>
</form>`;
}
