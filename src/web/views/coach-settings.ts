import { html } from "hono/html";
import type { RuleSetting } from "../../domain/coach/index.ts";
import type { Html } from "../layout.ts";
import { formProblem } from "../routes/accounts/forms.ts";
import { COACH_PATHS, SEVERITY_LABELS } from "./coach.ts";

function ruleRow(rule: RuleSetting): Html {
  const id = `rule-${rule.id}`;
  const hint = `${rule.description} (${SEVERITY_LABELS[rule.severity]}.)`;
  if (!rule.canTurnOff) {
    return html`<li class="choice"><input type="checkbox" id="${id}" checked disabled aria-describedby="${id}-hint"><label for="${id}">${rule.label}</label><p class="hint" id="${id}-hint">${hint} It cannot be turned off.</p></li>`;
  }
  return html`<li class="choice"><input type="checkbox" id="${id}" name="enabled" value="${rule.id}"${rule.enabled ? html` checked` : ""} aria-describedby="${id}-hint"><label for="${id}">${rule.label}</label><p class="hint" id="${id}-hint">${hint}</p></li>`;
}

/** The coach's settings: every rule, ticked when it runs; untick to turn it off. */
export function coachSettingsBody(o: {
  rules: readonly RuleSetting[];
  csrf: Html;
  saved: boolean;
  message?: string;
}): Html {
  return html`<h1>Coach settings</h1>
<p class="lead">Before an entry goes out, the coach checks it and tells you what it notices: who will see it, personal data, tracking in links, hashtags screen readers can't read, and more. Untick a check to turn it off; it will not run for you any more.</p>
${o.saved ? html`<p class="notice" role="status">Your coach settings are saved.</p>` : ""}
${formProblem(o.message)}
<form method="post" action="${COACH_PATHS.settings}" class="stack">
  ${o.csrf}
  <fieldset class="field">
    <legend>Checks the coach runs</legend>
    <ul class="coach-rules">${o.rules.map(ruleRow)}</ul>
  </fieldset>
  <div class="actions"><button type="submit">Save coach settings</button></div>
</form>`;
}
