/** The literacy coach: checks a draft before the world sees it. */
export { coachDraft, type DraftInput, reachOf } from "./check.ts";
export { needsConfirmation, RULES, runRules } from "./rules.ts";
export { coachSettings, type RuleSetting, setCoachRules } from "./settings.ts";
export type { Draft, Finding, Fix, Reach, RuleId, Severity } from "./types.ts";
export { RULE_IDS } from "./types.ts";
