import { html } from "hono/html";
import {
  ENTRY_AUDIENCES,
  ENTRY_KINDS,
  ENTRY_PROMPTS,
  type EntryPrompt,
  MAX_BODY_CHARS,
} from "../../domain/entries/index.ts";
import type { Html } from "../layout.ts";
import {
  type Errors,
  formProblem,
  inputField,
  selectField,
  textareaField,
  type Values,
} from "../routes/accounts/forms.ts";
import { AUDIENCE_OPTIONS, DEFAULT_QUESTION, KIND_LABELS, PROMPTS } from "./labels.ts";

export interface ComposerOptions {
  /** Where the form posts. */
  action: string;
  csrf: Html;
  values: Values;
  errors?: Errors;
  message?: string;
  /** The entry's status when editing; absent when composing a new one. */
  editing?: "draft" | "scheduled" | "processing" | "published";
  /** The entry being edited (its media fill the media section). */
  entryId?: string;
  /** The media section (src/web/views/media-composer.ts). */
  media?: Html;
  /** With a media section: the action carrying the CSRF token, for a streamed multipart form. */
  uploadAction?: string;
  /** The coach's findings panel (src/web/views/coach.ts). */
  coach?: Html;
  /** The coach's one-click fixes as submit buttons, after the main buttons (no JavaScript needed). */
  coachFixes?: Html;
  /** A short confirmation above the form ("Applied: …"). */
  notice?: string;
}

/** The Body placeholder for each prompt value ("" for none), for the page and the script. */
const QUESTIONS: Record<string, string> = {
  "": DEFAULT_QUESTION,
  ...Object.fromEntries(ENTRY_PROMPTS.map((p) => [p, PROMPTS[p].question])),
};

export function questionFor(prompt: string | undefined): string {
  return QUESTIONS[prompt ?? ""] ?? DEFAULT_QUESTION;
}

const kindOptions = ENTRY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));
const promptOptions = [
  { value: "", label: "No prompt" },
  ...ENTRY_PROMPTS.map((p: EntryPrompt) => ({ value: p, label: PROMPTS[p].label })),
];
const audienceOptions = ENTRY_AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_OPTIONS[a] }));

function button(label: string, action: string, primary = false): Html {
  return html`<button type="submit" name="action" value="${action}"${primary ? "" : html` class="secondary"`}>${label}</button>`;
}

/** The buttons that fit: a new entry, or an existing one in its state. */
function buttons(editing: ComposerOptions["editing"]): Html {
  switch (editing) {
    case undefined:
      return html`${button("Publish", "publish", true)}${button("Save draft", "draft")}${button("Schedule", "schedule")}`;
    case "published":
      return button("Save", "save", true);
    case "draft":
    case "processing":
      return html`${button("Save", "save", true)}${button("Publish", "publish")}${button("Schedule", "schedule")}`;
    case "scheduled":
      return html`${button("Save", "save", true)}${button("Publish now", "publish")}${button("Save as draft", "draft")}`;
  }
}

/** The datetime-local field for scheduling; the script reads it in the browser's zone. */
function publishAtField(values: Values, error?: string): Html {
  return html`<div class="field">
  <label for="scheduledAt">Publish at</label>
  <input id="scheduledAt" name="scheduledAt" type="datetime-local" value="${values.scheduledAt ?? ""}" aria-describedby="scheduledAt-hint${error ? " scheduledAt-error" : ""}"${error ? html` aria-invalid="true"` : ""}>
  <input id="timezoneOffset" name="timezoneOffset" type="hidden" value="${values.timezoneOffset ?? "0"}">
  <p class="hint" id="scheduledAt-hint">For “Schedule”: when the entry goes out, within a year. Read in your browser's time zone (in UTC without JavaScript).</p>
  ${error ? html`<p class="error" id="scheduledAt-error">${error}</p>` : ""}
</div>`;
}

/** The composer: a new entry or an edit of one. Every field labelled; works without JavaScript. */
export function composerForm(o: ComposerOptions): Html {
  const v = o.values;
  const e = o.errors ?? {};
  return html`${formProblem(o.message)}${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ""}
<form class="stack composer" method="post" action="${o.uploadAction ?? o.action}"${o.uploadAction ? html` enctype="multipart/form-data"` : ""} data-composer data-questions="${JSON.stringify(QUESTIONS)}">
  ${o.csrf}
  <div class="composer-row">
    ${selectField({ name: "kind", label: "Kind", value: v.kind ?? "note", options: kindOptions, error: e.kind })}
    ${selectField({ name: "prompt", label: "Prompt", value: v.prompt ?? "", options: promptOptions, error: e.prompt })}
  </div>
  ${inputField({ name: "title", label: "Title", value: v.title, error: e.title, maxlength: 200, hint: "Articles need a title; notes and links may have one." })}
  ${inputField({ name: "linkUrl", label: "Link URL", type: "url", value: v.linkUrl, error: e.linkUrl, hint: "For links: the address you are sharing." })}
  ${textareaField({ name: "body", label: "Body", value: v.body, error: e.body, rows: 12, maxlength: MAX_BODY_CHARS, placeholder: questionFor(v.prompt), hint: "Markdown works. #hashtags become tags." })}
  ${o.media ?? ""}
  ${inputField({ name: "tags", label: "Tags", value: v.tags, error: e.tags, hint: "Separate tags with commas or spaces." })}
  ${inputField({ name: "contentWarning", label: "Content warning", value: v.contentWarning, error: e.contentWarning, maxlength: 200, hint: "Optional: readers see this first and open the entry to read on." })}
  <div class="composer-row">
    ${inputField({ name: "language", label: "Language", value: v.language, error: e.language, maxlength: 35, placeholder: "en", hint: "A code like en or pt-BR; empty for your profile's language." })}
    ${selectField({ name: "audience", label: "Audience", value: v.audience ?? "public", options: audienceOptions, error: e.audience })}
  </div>
  ${publishAtField(v, e.scheduledAt)}
  ${o.coach ?? ""}
  ${e.action ? html`<p class="form-error" role="alert">${e.action}</p>` : ""}
  <div class="actions">${buttons(o.editing)}</div>
  ${o.coachFixes ?? ""}
</form>
<script src="/static/composer.js" defer></script>`;
}
