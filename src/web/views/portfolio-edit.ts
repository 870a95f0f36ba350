import type { Context } from "hono";
import { html } from "hono/html";
import type { EntryView } from "../../domain/entries/index.ts";
import type {
  ItemView,
  PortfolioView,
  SectionView,
  ShareLinkView,
} from "../../domain/portfolios/index.ts";
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
import { AUDIENCE_BADGES, entryName, formatDate, formatDateTime } from "./labels.ts";
import { addItemForm, portfolioFields, shareLinkForm } from "./portfolio-forms.ts";
import { portfolioPaths } from "./portfolio-paths.ts";

/**
 * The portfolio editor: contents (sections and items with move buttons, and
 * drag and drop from portfolio-edit.js), adding entries, share links,
 * settings, cover and deletion. Every form works without JavaScript.
 */

/** Which form failed, with what the member typed and what to fix. */
export interface EditorState {
  form?: string;
  values?: Values;
  errors?: Errors;
  message?: string;
  notice?: string;
}

export interface EditorData {
  portfolio: PortfolioView;
  candidates: EntryView[];
  shareLinks: ShareLinkView[];
  origin: string;
}

/** The failed form's summary; a consent request shows its own message by the checkbox. */
function problemFor(state: EditorState, ...forms: string[]): Html {
  const failed = forms.some((form) =>
    form.endsWith(":") ? state.form?.startsWith(form) : state.form === form,
  );
  return failed && !state.errors?.confirm ? formProblem(state.message) : html``;
}

function base(portfolio: PortfolioView): string {
  return portfolioPaths.edit(portfolio.owner.handle, portfolio.slug).replace(/\/edit$/, "");
}

/** A one-button form (move, remove, revoke). */
function buttonForm(
  c: Context<AppEnv>,
  action: string,
  label: string,
  options: { name?: string; value?: string; aria?: string; danger?: boolean } = {},
): Html {
  return html`<form method="post" action="${action}" class="inline-form">${csrfField(c)}${options.name ? html`<input type="hidden" name="${options.name}" value="${options.value ?? ""}">` : ""}<button type="submit" class="button-small ${options.danger ? "danger" : "secondary"}"${options.aria ? html` aria-label="${options.aria}"` : ""}>${label}</button></form>`;
}

function moveButtons(c: Context<AppEnv>, action: string, name: string): Html {
  return html`${buttonForm(c, action, "↑ Up", { name: "direction", value: "up", aria: `Move ${name} up` })}${buttonForm(c, action, "↓ Down", { name: "direction", value: "down", aria: `Move ${name} down` })}`;
}

function itemRow(c: Context<AppEnv>, data: EditorData, item: ItemView, state: EditorState): Html {
  const root = `${base(data.portfolio)}/items/${item.id}`;
  const name = entryName(item.entry, 80);
  const failed = state.form === `item:${item.id}`;
  const values = failed
    ? (state.values ?? {})
    : { sectionId: item.sectionId, caption: item.captionMarkdown };
  const errors = failed ? (state.errors ?? {}) : {};
  return html`<li class="portfolio-edit-item" data-id="${item.id}" id="item-${item.id}">
  <div class="portfolio-edit-item-head">
    <span class="drag-handle" aria-hidden="true">⠿</span>
    <strong>${name}</strong>
    <span class="audience-badge" title="The entry's own audience">${AUDIENCE_BADGES[item.entry.audience]}</span>
    ${item.entry.publishedAt ? html`<span class="muted small">${formatDate(item.entry.publishedAt)}</span>` : ""}
  </div>
  <details${failed ? html` open` : ""}><summary>Caption and section</summary>
    <form method="post" action="${root}" class="stack">
      ${csrfField(c)}
      ${selectField({ id: `section-${item.id}`, name: "sectionId", label: "Section", value: values.sectionId, error: errors.sectionId, options: data.portfolio.sections.map((s, i) => ({ value: s.id, label: s.title || `Section ${i + 1}` })) })}
      ${textareaField({ id: `caption-${item.id}`, name: "caption", label: "Caption", value: values.caption, error: errors.caption, rows: 3 })}
      <div class="actions"><button type="submit" class="button-small">Save caption</button></div>
    </form>
  </details>
  <div class="portfolio-edit-actions">
    ${moveButtons(c, `${root}/move`, `“${name}”`)}
    ${buttonForm(c, `${root}/remove`, "Remove", { aria: `Remove “${name}” from the portfolio`, danger: true })}
  </div>
</li>`;
}

function sectionRow(
  c: Context<AppEnv>,
  data: EditorData,
  section: SectionView,
  index: number,
  state: EditorState,
): Html {
  const root = `${base(data.portfolio)}/sections/${section.id}`;
  const failed = state.form === `section:${section.id}`;
  const title = failed ? (state.values?.title ?? "") : section.title;
  const name = section.title ? `section “${section.title}”` : `section ${index + 1}`;
  return html`<li class="portfolio-edit-section" data-id="${section.id}" id="section-${section.id}">
  <div class="portfolio-edit-section-head">
    <form method="post" action="${root}" class="portfolio-rename">
      ${csrfField(c)}
      ${inputField({ id: `section-title-${section.id}`, name: "title", label: `Section ${index + 1} title`, value: title, error: failed ? state.errors?.title : undefined, maxlength: 120 })}
      <button type="submit" class="button-small">Rename</button>
    </form>
    <div class="portfolio-edit-actions">
      ${moveButtons(c, `${root}/move`, name)}
      ${data.portfolio.sections.length > 1 ? buttonForm(c, `${root}/remove`, "Remove section", { aria: `Remove ${name} and take its entries out of the portfolio`, danger: true }) : ""}
    </div>
  </div>
  <ol class="portfolio-edit-items" data-reorder-url="${root}/items/order" aria-label="Entries in ${name}">
    ${section.items.map((item) => itemRow(c, data, item, state))}
  </ol>
  ${section.items.length === 0 ? html`<p class="empty small">No entries in this section yet.</p>` : ""}
</li>`;
}

function shareLinkRow(c: Context<AppEnv>, data: EditorData, link: ShareLinkView): Html {
  const state =
    link.state === "active"
      ? link.expiresAt
        ? `Works until ${formatDateTime(link.expiresAt)}`
        : "Works until you revoke it"
      : link.state === "expired"
        ? "Expired"
        : "Revoked";
  return html`<tr>
  <th scope="row">${link.label}</th>
  <td>${formatDate(link.createdAt)}</td>
  <td>${state}</td>
  <td>${link.viewCount}</td>
  <td>${link.state === "active" ? buttonForm(c, `${base(data.portfolio)}/share-links/${link.id}/revoke`, "Revoke", { aria: `Revoke the link “${link.label}”`, danger: true }) : ""}</td>
</tr>`;
}

function shareLinks(c: Context<AppEnv>, data: EditorData, state: EditorState): Html {
  const failed = state.form === "share";
  return html`<section id="share" aria-labelledby="share-heading" class="portfolio-edit-panel">
  <h2 id="share-heading">Share links</h2>
  <p>A share link opens this portfolio — and only it — for whoever holds the link, whatever the portfolio's audience. You see the address once, when you create it; you can revoke it at any time.</p>
  ${
    data.shareLinks.length > 0
      ? html`<table class="share-links">
    <thead><tr><th scope="col">Label</th><th scope="col">Created</th><th scope="col">State</th><th scope="col">Views</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
    <tbody>${data.shareLinks.map((link) => shareLinkRow(c, data, link))}</tbody>
  </table>`
      : html`<p class="muted">No share links yet.</p>`
  }
  ${problemFor(state, "share")}
  ${shareLinkForm(c, `${base(data.portfolio)}/share-links`, failed ? (state.values ?? {}) : {}, failed ? (state.errors ?? {}) : {})}
</section>`;
}

function settingsPanel(c: Context<AppEnv>, data: EditorData, state: EditorState): Html {
  const { portfolio } = data;
  const failed = state.form === "settings";
  const values = failed
    ? (state.values ?? {})
    : {
        title: portfolio.title,
        slug: portfolio.slug,
        intro: portfolio.introMarkdown,
        layout: portfolio.layout,
        audience: portfolio.audience,
      };
  return html`<section id="settings" aria-labelledby="settings-heading" class="portfolio-edit-panel">
  <h2 id="settings-heading">Settings</h2>
  ${problemFor(state, "settings")}
  <form method="post" action="${portfolioPaths.edit(portfolio.owner.handle, portfolio.slug)}" class="stack">
    ${csrfField(c)}
    ${portfolioFields(values, failed ? (state.errors ?? {}) : {}, `${data.origin}${portfolioPaths.list(portfolio.owner.handle)}/`)}
    <div class="actions"><button type="submit">Save portfolio</button></div>
  </form>
</section>`;
}

function coverPanel(c: Context<AppEnv>, data: EditorData, state: EditorState): Html {
  const { portfolio } = data;
  const failed = state.form === "cover";
  const errors = failed ? (state.errors ?? {}) : {};
  const cover = portfolio.cover;
  return html`<section id="cover" aria-labelledby="cover-heading" class="portfolio-edit-panel">
  <h2 id="cover-heading">Cover image</h2>
  ${problemFor(state, "cover")}
  ${cover ? html`<img class="portfolio-cover-preview" src="${portfolioPaths.cover(portfolio.owner.handle, portfolio.slug)}" alt="${cover.alt}"${cover.width ? html` width="${cover.width}" height="${cover.height}"` : ""}>` : ""}
  <form method="post" action="${base(portfolio)}/cover" enctype="multipart/form-data" class="stack">
    ${csrfField(c)}
    <div class="field">
      <label for="cover-file">Cover image</label>
      <input id="cover-file" name="cover" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" aria-describedby="cover-hint${errors.cover ? " cover-error" : ""}">
      <p class="hint" id="cover-hint">Optional. JPEG, PNG, WebP, GIF or AVIF, up to 16 MB; camera and location data are removed.</p>
      ${errors.cover ? html`<p class="error" id="cover-error">${errors.cover}</p>` : ""}
    </div>
    ${inputField({ name: "alt", id: "cover-alt", label: "Cover description", value: failed ? state.values?.alt : (cover?.alt ?? ""), error: errors.alt, maxlength: 300, hint: "What the image shows, for people who cannot see it." })}
    <div class="actions"><button type="submit">Save cover</button></div>
  </form>
  ${cover ? buttonForm(c, `${base(portfolio)}/cover/remove`, "Remove cover", { danger: true }) : ""}
</section>`;
}

function deletePanel(c: Context<AppEnv>, data: EditorData, state: EditorState): Html {
  return html`<section id="delete" aria-labelledby="delete-heading" class="portfolio-edit-panel">
  <h2 id="delete-heading">Delete this portfolio</h2>
  <p>The entries stay in your journal; the portfolio, its sections, captions and share links go.</p>
  ${problemFor(state, "delete")}
  <form method="post" action="${base(data.portfolio)}/delete" class="stack">
    ${csrfField(c)}
    <div class="choice"><input type="checkbox" id="delete-confirm" name="confirm" value="yes"><label for="delete-confirm">Yes, delete “${data.portfolio.title}”</label></div>
    <div class="actions"><button type="submit" class="danger">Delete portfolio</button></div>
  </form>
</section>`;
}

export function portfolioEditor(c: Context<AppEnv>, data: EditorData, state: EditorState): Html {
  const { portfolio } = data;
  const root = base(portfolio);
  const adding = state.form === "add";
  const sectionFailed = state.form === "new-section";
  return html`<div class="page-heading">
  <h1>Edit “${portfolio.title}”</h1>
  <a class="button button-secondary" href="${portfolioPaths.page(portfolio.owner.handle, portfolio.slug)}">View portfolio</a>
</div>
${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : ""}
<nav class="portfolio-edit-nav" aria-label="Editor sections"><ul>
  <li><a href="#contents">Entries</a></li><li><a href="#add">Add an entry</a></li><li><a href="#share">Share links</a></li><li><a href="#settings">Settings</a></li><li><a href="#cover">Cover</a></li><li><a href="#delete">Delete</a></li>
</ul></nav>
<section id="contents" aria-labelledby="contents-heading" class="portfolio-edit-panel">
  <h2 id="contents-heading">Sections and entries</h2>
  <p class="hint">Reorder with the Up and Down buttons, or drag entries and sections.</p>
  ${problemFor(state, "item:", "section:", "order")}
  <ol class="portfolio-edit-sections" data-reorder-url="${root}/sections/order" aria-label="Sections">
    ${portfolio.sections.map((section, i) => sectionRow(c, data, section, i, state))}
  </ol>
  ${problemFor(state, "new-section")}
  <form method="post" action="${root}/sections" class="portfolio-rename" id="new-section">
    ${csrfField(c)}
    ${inputField({ name: "title", id: "new-section-title", label: "New section title", value: sectionFailed ? state.values?.title : "", error: sectionFailed ? state.errors?.title : undefined, maxlength: 120, placeholder: "Teaching" })}
    <button type="submit" class="button-small">Add section</button>
  </form>
</section>
<section id="add" aria-labelledby="add-heading" class="portfolio-edit-panel">
  <h2 id="add-heading">Add an entry</h2>
  ${problemFor(state, "add")}
  ${addItemForm(c, `${root}/items`, data.candidates, portfolio.sections, adding ? (state.values ?? {}) : {}, adding ? (state.errors ?? {}) : {})}
</section>
${shareLinks(c, data, state)}
${settingsPanel(c, data, state)}
${coverPanel(c, data, state)}
${deletePanel(c, data, state)}
<script src="/static/portfolio-edit.js" defer></script>`;
}
