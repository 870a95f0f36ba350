import type { Context } from "hono";
import { html } from "hono/html";
import type { EntryView } from "../../domain/entries/index.ts";
import {
  MAX_CAPTION_CHARS,
  MAX_INTRO_CHARS,
  PORTFOLIO_LAYOUTS,
  type PortfolioLayout,
  type SectionView,
} from "../../domain/portfolios/index.ts";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";
import {
  type Errors,
  inputField,
  selectField,
  textareaField,
  type Values,
} from "../routes/accounts/forms.ts";
import { AUDIENCE_BADGES, AUDIENCE_OPTIONS, entryName, formatDate } from "./labels.ts";

/** Forms of the portfolio pages: settings, adding an entry, share links. */

export const LAYOUT_LABELS: Readonly<Record<PortfolioLayout, string>> = {
  grid: "Grid — visual work side by side",
  story: "Story — a case study read top to bottom",
  timeline: "Timeline — by date",
};

const LAYOUT_OPTIONS = PORTFOLIO_LAYOUTS.map((value) => ({ value, label: LAYOUT_LABELS[value] }));
const AUDIENCE_CHOICES = Object.entries(AUDIENCE_OPTIONS)
  // Portfolios have no "direct" audience: they name no recipients.
  .filter(([value]) => value !== "direct")
  .map(([value, label]) => ({
    value,
    label,
  }));

/**
 * The consent box shown when a change exposes entries to more people: the
 * domain's message says who, the member ticks to confirm.
 */
export function confirmField(errors: Errors, label: string): Html {
  if (!errors.confirm) return html``;
  return html`<div class="field confirm-field">
  <p class="notice notice-warning" id="confirm-message" role="alert">${errors.confirm}</p>
  <div class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes" aria-describedby="confirm-message"><label for="confirm">${label}</label></div>
</div>`;
}

/** Title, address, intro, layout and audience (new portfolio and settings). */
export function portfolioFields(values: Values, errors: Errors, addressPrefix: string): Html {
  return html`${inputField({ name: "title", label: "Title", value: values.title, error: errors.title, maxlength: 120, required: true, placeholder: "For design roles" })}
${inputField({ name: "slug", label: "Address", value: values.slug, error: errors.slug, maxlength: 60, hint: `The last part of ${addressPrefix}…; leave empty to make one from the title.` })}
${textareaField({ name: "intro", label: "Introduction", value: values.intro, error: errors.intro, maxlength: MAX_INTRO_CHARS, rows: 6, hint: "Who you are and what this portfolio shows. Markdown works." })}
${selectField({ name: "layout", label: "Layout", value: values.layout || "story", error: errors.layout, options: LAYOUT_OPTIONS })}
${selectField({ name: "audience", label: "Audience", value: values.audience || "private", error: errors.audience, options: AUDIENCE_CHOICES, hint: "Who can open the portfolio. Share links add people one link at a time." })}
${confirmField(errors, "Yes, show these entries to them through this portfolio")}`;
}

function entryOption(entry: EntryView, selected: string | undefined): Html {
  const name = entryName(entry, 60);
  const date = entry.publishedAt ? formatDate(entry.publishedAt) : "";
  return html`<option value="${entry.id}"${entry.id === selected ? html` selected` : ""}>${name} — ${date} (${AUDIENCE_BADGES[entry.audience]})</option>`;
}

/** Adding one of the member's entries to a section, with a caption. */
export function addItemForm(
  c: Context<AppEnv>,
  action: string,
  candidates: readonly EntryView[],
  sections: readonly SectionView[],
  values: Values,
  errors: Errors,
): Html {
  if (candidates.length === 0) {
    return html`<p class="muted">All your published entries are in this portfolio. <a href="/compose">Write a new entry</a>.</p>`;
  }
  return html`<form method="post" action="${action}" class="stack" id="add-item">
  ${csrfField(c)}
  <div class="field">
    <label for="entryId">Entry</label>
    <select id="entryId" name="entryId"${errors.entryId ? html` aria-invalid="true" aria-describedby="entryId-error"` : ""}>
      ${candidates.map((entry) => entryOption(entry, values.entryId))}
    </select>
    ${errors.entryId ? html`<p class="error" id="entryId-error">${errors.entryId}</p>` : ""}
  </div>
  ${selectField({ name: "sectionId", label: "Section", value: values.sectionId, error: errors.sectionId, options: sections.map((s, i) => ({ value: s.id, label: s.title || `Section ${i + 1}` })) })}
  ${textareaField({ name: "caption", label: "Caption", value: values.caption, error: errors.caption, maxlength: MAX_CAPTION_CHARS, rows: 3, hint: "Why this matters, what you learned. Markdown works." })}
  ${confirmField(errors, "Show it in this portfolio")}
  <div class="actions"><button type="submit">Add to portfolio</button></div>
</form>`;
}

export const EXPIRY_OPTIONS = [
  { value: "", label: "Never" },
  { value: "1", label: "In 1 day" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
];

export function shareLinkForm(
  c: Context<AppEnv>,
  action: string,
  values: Values,
  errors: Errors,
): Html {
  return html`<form method="post" action="${action}" class="stack" id="new-share-link">
  ${csrfField(c)}
  ${inputField({ name: "label", label: "Label", value: values.label, error: errors.label, maxlength: 100, required: true, placeholder: "Acme interview", hint: "Who the link is for. Only you see it." })}
  ${selectField({ name: "expiresInDays", label: "Expires", value: values.expiresInDays ?? "", error: errors.expiresInDays, options: EXPIRY_OPTIONS })}
  ${confirmField(errors, "Share these entries through this link")}
  <div class="actions"><button type="submit">Create share link</button></div>
</form>`;
}
