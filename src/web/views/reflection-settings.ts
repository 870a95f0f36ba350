import type { Context } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../env.ts";
import { csrfField, type Html } from "../layout.ts";
import { type Errors, formProblem, selectField, type Values } from "../routes/accounts/forms.ts";
import { reflectionPaths } from "./reflection-paths.ts";

const CADENCES = [
  { value: "weekly", label: "Weekly" },
  { value: "daily", label: "Daily" },
  { value: "off", label: "Off" },
];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map(
  (label, i) => ({ value: String(i + 1), label }),
);

let zones: { value: string; label: string }[] | null = null;
/** Every IANA zone this runtime knows, UTC first. */
function zoneOptions() {
  zones ??= ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")].map(
    (zone) => ({ value: zone, label: zone.replaceAll("_", " ") }),
  );
  return zones;
}

/** "Friday 27 March 2026, 16:00" on the member's own clock. */
function localDateTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(at);
}

export interface RhythmFormState {
  values: Values;
  errors?: Errors;
  message?: string;
  saved?: boolean;
  nextAt: Date | null;
}

/** The time field: a native time picker, which submits "HH:MM" (a text box without one). */
function timeField(value: string, error?: string): Html {
  return html`<div class="field">
  <label for="localTime">Time</label>
  <input id="localTime" name="localTime" type="time" value="${value}" required aria-describedby="localTime-hint${error ? " localTime-error" : ""}"${error ? html` aria-invalid="true"` : ""}>
  <p class="hint" id="localTime-hint">Your local time, on a 24-hour clock (16:30).</p>
  ${error ? html`<p class="error" id="localTime-error">${error}</p>` : ""}
</div>`;
}

export function rhythmForm(c: Context<AppEnv>, state: RhythmFormState): Html {
  const { values } = state;
  const errors = state.errors ?? {};
  return html`<h1>Reflection rhythm</h1>
<p class="lead">Outloud can ask you one of its five questions — what you are working on, learning, who you connected with, what inspired you, who helped — on a rhythm you choose. The question appears on your home page and journal, and opens the composer ready to answer.</p>
${state.saved && !state.message ? html`<p class="notice" role="status">Saved.</p>` : ""}
${formProblem(state.message)}
${
  state.nextAt && !state.message
    ? html`<p>Your next question comes on <strong>${localDateTime(state.nextAt, values.timeZone ?? "UTC")}</strong> (${values.timeZone}).</p>`
    : ""
}
<form method="post" action="${reflectionPaths.settings}" class="stack">
  ${csrfField(c)}
  ${selectField({ name: "cadence", label: "Cadence", value: values.cadence, error: errors.cadence, options: CADENCES })}
  ${selectField({ name: "weekday", label: "Day", value: values.weekday, error: errors.weekday, options: DAYS, hint: "For the weekly cadence." })}
  ${timeField(values.localTime ?? "", errors.localTime)}
  ${selectField({ name: "timeZone", label: "Time zone", value: values.timeZone, error: errors.timeZone, options: zoneOptions(), hint: "Questions follow your clock, also when summer time starts or ends." })}
  <div class="actions"><button type="submit">Save rhythm</button></div>
</form>
<p><a href="${reflectionPaths.digest()}">Your weekly digest</a> · <a href="${reflectionPaths.insights}">Your insights</a></p>`;
}
