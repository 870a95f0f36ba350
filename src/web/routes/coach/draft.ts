import type { Context } from "hono";
import {
  coachDraft,
  type DraftInput,
  type Finding,
  needsConfirmation,
} from "../../../domain/coach/index.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { AppEnv } from "../../env.ts";
import { coachFixButtons, coachPanel } from "../../views/coach.ts";
import type { Values } from "../accounts/forms.ts";

/**
 * The composer's fields as the coach reads them: the attached files (minus
 * those ticked for removal) with the alt text and transcript typed for each.
 */
export function draftFromValues(values: Values): DraftInput {
  const removed = new Set((values.remove ?? "").split(","));
  const ids = [...new Set((values.media ?? "").split(",").filter((id) => id && !removed.has(id)))];
  return {
    kind: values.kind,
    title: values.title,
    body: values.body,
    linkUrl: values.linkUrl,
    tags: values.tags,
    audience: (values.audience || undefined) as DraftInput["audience"],
    language: values.language,
    inReplyToId: values.inReplyToId || undefined,
    media: ids.map((id) => ({
      id,
      alt: values[`alt-${id}`],
      transcript: values[`transcript-${id}`],
    })),
  };
}

/** Which composer actions put an entry before others: the coach checks these. */
export function coachChecks(action: string | undefined, publishedAlready = false): boolean {
  return action === "publish" || action === "schedule" || (publishedAlready && action === "save");
}

export interface CoachVerdict {
  findings: Finding[] | null;
  /** Publishing waits: a stop-and-confirm finding, and the box not ticked. */
  blocked: boolean;
}

/**
 * The server-side check before publishing. Input the coach cannot read (an
 * unknown audience…) is left to the entry's own validation to report.
 */
export async function coachVerdict(
  c: Context<AppEnv>,
  values: Values,
  publishedAlready = false,
): Promise<CoachVerdict> {
  const user = c.get("user");
  if (!user || !coachChecks(values.action, publishedAlready)) {
    return { findings: null, blocked: false };
  }
  try {
    const findings = await coachDraft(c.get("ctx"), user, draftFromValues(values));
    return { findings, blocked: needsConfirmation(findings) && values.coachConfirmed !== "yes" };
  } catch (error) {
    if (error instanceof DomainError) return { findings: null, blocked: false };
    throw error;
  }
}

/**
 * A fix chosen with a server-rendered "Apply fix" button: the composer's
 * values with that finding's fields changed, and the coach's view of the
 * result. null when no fix was chosen (or it no longer applies).
 */
export async function applyChosenFix(
  c: Context<AppEnv>,
  values: Values,
): Promise<{ values: Values; label: string; findings: Finding[] } | null> {
  const user = c.get("user");
  const choice = Number(values.applyFix ?? "");
  if (!user || !values.applyFix || !Number.isInteger(choice)) return null;
  const ctx = c.get("ctx");
  try {
    const fix = (await coachDraft(ctx, user, draftFromValues(values)))[choice]?.fix;
    if (!fix) return null;
    const { applyFix: _chosen, ...rest } = values;
    const changes = Object.entries(fix.fields).filter(
      (field): field is [string, string] => typeof field[1] === "string",
    );
    const fixed: Values = { ...rest, ...Object.fromEntries(changes) };
    const findings = await coachDraft(ctx, user, draftFromValues(fixed));
    return { values: fixed, label: fix.label, findings };
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** The panel for a re-rendered composer. */
export function verdictPanel(values: Values, verdict?: CoachVerdict) {
  return coachPanel({
    findings: verdict?.findings ?? null,
    confirmed: values.coachConfirmed === "yes",
    blocked: verdict?.blocked ?? false,
  });
}

/** The coach's panel and fix buttons for a composer the server renders again. */
export function coachParts(values: Values, verdict?: CoachVerdict) {
  return {
    coach: verdictPanel(values, verdict),
    coachFixes: coachFixButtons(verdict?.findings ?? null),
  };
}
