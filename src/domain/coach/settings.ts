import { eq } from "drizzle-orm";
import { z } from "zod";
import { coachDisabledRules } from "../../db/schema/index.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import type { CurrentUser } from "../viewer.ts";
import { disabledRules } from "./check.ts";
import { RULES } from "./rules.ts";
import { RULE_IDS, type RuleId, type Severity } from "./types.ts";

export interface RuleSetting {
  id: RuleId;
  label: string;
  description: string;
  severity: Severity;
  canTurnOff: boolean;
  enabled: boolean;
}

/** Every rule with whether it runs for this member. */
export async function coachSettings(ctx: Ctx, user: CurrentUser): Promise<RuleSetting[]> {
  const off = await disabledRules(ctx, user.actorId);
  return RULES.map((rule) => ({
    id: rule.id,
    label: rule.label,
    description: rule.description,
    severity: rule.severity,
    canTurnOff: rule.canTurnOff,
    enabled: !rule.canTurnOff || !off.has(rule.id),
  }));
}

const settingsSchema = z.object({
  enabled: z.array(z.enum(RULE_IDS, { error: "Unknown rule" })).max(RULE_IDS.length),
});

/** Keeps the rules named in `enabled` on and turns every other one off. */
export async function setCoachRules(
  ctx: Ctx,
  user: CurrentUser,
  input: { enabled: readonly string[] },
): Promise<void> {
  const { enabled } = parseInput(settingsSchema, input);
  const on = new Set<string>(enabled);
  const off = RULES.filter((rule) => rule.canTurnOff && !on.has(rule.id)).map((rule) => rule.id);
  await transactional(ctx, async (tx) => {
    await tx.db.delete(coachDisabledRules).where(eq(coachDisabledRules.actorId, user.actorId));
    if (off.length > 0) {
      await tx.db
        .insert(coachDisabledRules)
        .values(off.map((ruleId) => ({ actorId: user.actorId, ruleId })));
    }
  });
}
