import { audienceRules } from "./audience.ts";
import { hashtagRules } from "./hashtags.ts";
import { linkRules } from "./links.ts";
import { mediaRules } from "./media.ts";
import { personalDataRules } from "./personal-data.ts";
import { styleRules } from "./style.ts";
import type { Draft, Finding, Reach, Rule, RuleId, Severity } from "./types.ts";

/** Every rule, in the order the settings page lists them. */
export const RULES: readonly Rule[] = [
  ...audienceRules,
  ...mediaRules,
  ...personalDataRules,
  ...linkRules,
  ...hashtagRules,
  ...styleRules,
];

const ORDER: Record<Severity, number> = { confirm: 0, warn: 1, info: 2 };

/**
 * Runs every rule the member has not turned off, pure: the findings for this
 * draft, stop-and-confirm first, the audience preview last among the notes.
 */
export function runRules(draft: Draft, reach: Reach, disabled: ReadonlySet<RuleId>): Finding[] {
  const findings = RULES.filter((rule) => !rule.canTurnOff || !disabled.has(rule.id)).flatMap(
    (rule) => rule.check(draft, reach),
  );
  const preview = (f: Finding) => (f.rule === "audience-preview" ? 1 : 0);
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || preview(a) - preview(b));
}

/** Whether publishing waits for the author's confirmation. */
export function needsConfirmation(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "confirm");
}
