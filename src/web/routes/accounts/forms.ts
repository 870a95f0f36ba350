import type { Context } from "hono";
import { html } from "hono/html";
import { DomainError } from "../../../domain/errors.ts";
import type { AppEnv } from "../../env.ts";
import { STATUS_FOR } from "../../errors.ts";
import type { Html, PageOptions } from "../../layout.ts";

/** What a form re-renders with: the submitted values and a message per field. */
export type Values = Readonly<Record<string, string>>;
export type Errors = Readonly<Record<string, string>>;

export interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  error?: string;
  type?: "text" | "email" | "password" | "url";
  /** For digits in a text input (styled like the others, unlike type=number). */
  inputmode?: "numeric";
  className?: string;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  placeholder?: string;
  /** Defaults to the name. */
  id?: string;
}

/** aria-describedby linking an input to its hint and error, when present. */
function describedBy(id: string, hint?: string, error?: string): string {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
}

function hintAndError(id: string, hint?: string, error?: string): Html {
  return html`${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ""}${
    error ? html`<p class="error" id="${id}-error">${error}</p>` : ""
  }`;
}

/** A labelled input with its hint and error message. */
export function inputField(o: FieldOptions): Html {
  const id = o.id ?? o.name;
  const described = describedBy(id, o.hint, o.error);
  return html`<div class="field">
  <label for="${id}">${o.label}</label>
  <input id="${id}" name="${o.name}" type="${o.type ?? "text"}" value="${o.type === "password" ? "" : (o.value ?? "")}"${o.inputmode ? html` inputmode="${o.inputmode}"` : ""}${o.className ? html` class="${o.className}"` : ""}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ""}${o.required ? html` required` : ""}${o.maxlength ? html` maxlength="${o.maxlength}"` : ""}${o.placeholder ? html` placeholder="${o.placeholder}"` : ""}${described ? html` aria-describedby="${described}"` : ""}${o.error ? html` aria-invalid="true"` : ""}>
  ${hintAndError(id, o.hint, o.error)}
</div>`;
}

export function textareaField(o: FieldOptions & { rows?: number }): Html {
  const id = o.id ?? o.name;
  const described = describedBy(id, o.hint, o.error);
  return html`<div class="field">
  <label for="${id}">${o.label}</label>
  <textarea id="${id}" name="${o.name}" rows="${o.rows ?? 8}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ""}${o.placeholder ? html` placeholder="${o.placeholder}"` : ""}${described ? html` aria-describedby="${described}"` : ""}${o.error ? html` aria-invalid="true"` : ""}>${o.value ?? ""}</textarea>
  ${hintAndError(id, o.hint, o.error)}
</div>`;
}

export function selectField(
  o: FieldOptions & { options: readonly { value: string; label: string }[] },
): Html {
  const id = o.id ?? o.name;
  const described = describedBy(id, o.hint, o.error);
  return html`<div class="field">
  <label for="${id}">${o.label}</label>
  <select id="${id}" name="${o.name}"${described ? html` aria-describedby="${described}"` : ""}>
    ${o.options.map((opt) => html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : ""}>${opt.label}</option>`)}
  </select>
  ${hintAndError(id, o.hint, o.error)}
</div>`;
}

/** The summary above a form that failed: announced to screen readers. */
export function formProblem(message?: string): Html {
  return message ? html`<p class="form-error" role="alert">${message}</p>` : html``;
}

/** The string fields of a posted form (files and the CSRF token left out). */
export async function formValues(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === "string" && name !== "_csrf") values[name] = value;
  }
  return values;
}

/** The bytes of an uploaded file field, or null when no file was chosen. */
export async function formFile(c: Context<AppEnv>, name: string): Promise<Uint8Array | null> {
  const file = (await c.req.parseBody())[name];
  if (!(file instanceof File) || file.size === 0) return null;
  return new Uint8Array(await file.arrayBuffer());
}

export interface Failure {
  status: NonNullable<PageOptions["status"]>;
  message: string;
  fields: Errors;
}

/** A domain error turned into what a form shows; anything else is rethrown. */
export function failureOf(error: unknown): Failure {
  if (!(error instanceof DomainError)) throw error;
  return { status: STATUS_FOR[error.code], message: error.message, fields: error.fields };
}
