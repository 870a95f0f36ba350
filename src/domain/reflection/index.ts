/** Reflection: the prompt rhythm and its nudges, the digest, the insights. */

export type { DiscussedEntry, QuestionStats } from "./conversation-stats.ts";
export { type Digest, digestFor, type TagGrowth } from "./digest.ts";
export { INSIGHT_MONTHS, INSIGHT_WEEKS, type Insights, insightsFor } from "./insights.ts";
export type { InteractionKind, Person } from "./interactions.ts";
export { currentNudge, dismissNudge, fireNudge, type NudgeView } from "./nudges.ts";
export { entryLabel, type OwnEntry } from "./own-entries.ts";
export type { PeriodKind, Span } from "./periods.ts";
export { periodName, startReflection } from "./reflection-draft.ts";
export {
  NUDGE_PROMPTS,
  type NudgePrompt,
  nextOccurrence,
  periodAt,
  type Rhythm,
} from "./rhythm.ts";
export { type RhythmSettings, rhythmSettings, updateRhythm } from "./settings.ts";
export { formatLocalDate, type LocalDate } from "./zoned-time.ts";
