import { html } from "hono/html";
import type { Html } from "../../layout.ts";
import { type Errors, inputField, type Values } from "./forms.ts";

/** The four fields of a new account, shared by setup and registration. */
export function memberFields(values: Values, errors: Errors): Html {
  return html`${inputField({
    name: "handle",
    label: "Handle",
    value: values.handle,
    error: errors.handle,
    hint: "Your profile lives at /@handle. Letters, digits and underscores, up to 30.",
    autocomplete: "username",
    required: true,
    maxlength: 30,
  })}
  ${inputField({
    name: "email",
    label: "Email",
    type: "email",
    value: values.email,
    error: errors.email,
    hint: "Only for signing in; never shown to anyone.",
    autocomplete: "email",
    required: true,
  })}
  ${inputField({
    name: "password",
    label: "Password",
    type: "password",
    error: errors.password,
    hint: "At least 10 characters. A few unrelated words work well.",
    autocomplete: "new-password",
    required: true,
  })}
  ${inputField({
    name: "displayName",
    label: "Display name",
    value: values.displayName,
    error: errors.displayName,
    hint: "How your name appears on your profile. You can change it later.",
    autocomplete: "name",
    maxlength: 100,
  })}`;
}

/** Only the fields a new member has: nothing else from the form reaches the domain. */
export function memberInput(values: Values) {
  return {
    handle: values.handle ?? "",
    email: values.email ?? "",
    password: values.password ?? "",
    displayName: values.displayName ?? "",
  };
}
