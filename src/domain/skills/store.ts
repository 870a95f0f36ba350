import { and, eq, sql } from "drizzle-orm";
import { skills } from "../../db/schema/portfolios.ts";
import type { TxCtx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { SLUG_PATTERN } from "../portfolios/slug.ts";
import type { CurrentUser } from "../viewer.ts";

export type SkillRow = typeof skills.$inferSelect;

/** The owner's skill with this slug, locked for the transaction. */
export async function lockOwnSkill(tx: TxCtx, owner: CurrentUser, slug: string): Promise<SkillRow> {
  if (!SLUG_PATTERN.test(slug.toLowerCase())) throw notShown();
  const [row] = await tx.db
    .select()
    .from(skills)
    .where(and(eq(skills.ownerId, owner.actorId), sql`lower(${skills.slug}) = lower(${slug})`))
    .for("update");
  if (!row) throw notShown();
  return row;
}
