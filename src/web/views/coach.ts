import { html } from "hono/html";
import type { Finding, Severity } from "../../domain/coach/index.ts";
import type { Html } from "../layout.ts";

/** What each severity is called on the page (never colour alone). */
export const SEVERITY_LABELS: Record<Severity, string> = {
  confirm: "Check before publishing",
  warn: "Worth a look",
  info: "Note",
};

export const COACH_PATHS = { check: "/compose/coach", settings: "/settings/coach" } as const;

function findingItem(finding: Finding): Html {
  return html`<li class="coach-finding coach-${finding.severity}" data-rule="${finding.rule}">
  <strong class="coach-severity">${SEVERITY_LABELS[finding.severity]}:</strong> ${finding.reason}
  ${finding.fix ? html`<span class="coach-suggestion">Suggested: ${finding.fix.label}.</span>` : ""}
</li>`;
}

/**
 * The coach's fixes as submit buttons (`applyFix` = the finding's index), so
 * they work without JavaScript. They come after the form's main buttons:
 * pressing Enter in a field still submits the main action. coach.js removes
 * them and offers fixes beside each finding instead.
 */
export function coachFixButtons(findings: readonly Finding[] | null): Html {
  const fixes = (findings ?? []).flatMap((finding, index) =>
    finding.fix ? [{ index, label: finding.fix.label }] : [],
  );
  if (fixes.length === 0) return html``;
  return html`<div class="coach-fixes" data-coach-fixes>
  <p class="hint">The coach can make these changes for you; you can check the entry before publishing.</p>
  ${fixes.map(
    (fix) =>
      html`<button type="submit" class="secondary button-small" name="applyFix" value="${fix.index}">Apply fix: ${fix.label}</button> `,
  )}
</div>`;
}

export interface CoachPanelOptions {
  /** null: not checked yet (the script checks as you type). */
  findings: readonly Finding[] | null;
  /** The "I have read the coach's notes" box was ticked. */
  confirmed?: boolean;
  /** Publishing was refused until the box is ticked. */
  blocked?: boolean;
}

/**
 * The coach's findings beside the composer, inside its form (the
 * confirmation box travels with it). coach.js refreshes the list as the
 * member types and adds "Apply fix" buttons.
 */
export function coachPanel(o: CoachPanelOptions): Html {
  const findings = o.findings ?? [];
  const mustConfirm = findings.some((f) => f.severity === "confirm");
  return html`<section class="coach-panel" id="coach" aria-labelledby="coach-heading" data-coach data-coach-url="${COACH_PATHS.check}">
  <h2 id="coach-heading">Coach</h2>
  <p class="hint">Notes on this entry before others see it. <a href="${COACH_PATHS.settings}">Choose which checks run</a>.</p>
  ${o.blocked ? html`<p class="form-error" role="alert">The coach found something to check before publishing. Read the notes below, change the entry or tick “I have read the coach's notes”, then publish again.</p>` : ""}
  <div data-coach-findings aria-live="polite">
    ${
      o.findings === null
        ? html`<p class="muted" data-coach-empty>The coach checks your entry when you publish (and as you type, with JavaScript on).</p>`
        : html`<ul class="coach-findings">${findings.map(findingItem)}</ul>`
    }
  </div>
  <div class="choice coach-confirm-box" data-coach-confirm${mustConfirm ? "" : html` hidden`}>
    <input type="checkbox" id="coachConfirmed" name="coachConfirmed" value="yes"${o.confirmed ? html` checked` : ""}>
    <label for="coachConfirmed">I have read the coach's notes</label>
  </div>
</section>
<script src="/static/coach.js" defer></script>`;
}
