import { and, count, eq, like, sql } from "drizzle-orm";
import { skillEvidence, skillRatings, skills } from "../../db/schema/portfolios.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { conflict, invalid } from "../errors.ts";
import { isUuid, newId } from "../ids.ts";
import type { FormInput } from "../portfolios/schema.ts";
import { freeSlug, slugify } from "../portfolios/slug.ts";
import type { CurrentUser } from "../viewer.ts";
import {
  defaultSkillTag,
  evidenceSchema,
  MAX_SKILLS,
  ratingSchema,
  type SkillInput,
  skillSchema,
} from "./schema.ts";
import { lockOwnSkill } from "./store.ts";

/** A member's skills: created, changed, deleted, with evidence and self-ratings. */

const slugConflict = () =>
  conflict("You already have a skill at that address.", {
    slug: "You already use this address for another skill",
  });

async function slugOwner(tx: TxCtx, ownerId: string, slug: string): Promise<string | null> {
  const [row] = await tx.db
    .select({ id: skills.id })
    .from(skills)
    .where(and(eq(skills.ownerId, ownerId), sql`lower(${skills.slug}) = lower(${slug})`));
  return row?.id ?? null;
}

export async function createSkill(
  ctx: Ctx,
  owner: CurrentUser,
  input: SkillInput | FormInput,
): Promise<{ slug: string }> {
  const data = parseInput(skillSchema, input);
  return transactional(ctx, async (tx) => {
    await tx.db.execute(sql`select id from actors where id = ${owner.actorId} for update`);
    const [existing] = await tx.db
      .select({ n: count() })
      .from(skills)
      .where(eq(skills.ownerId, owner.actorId));
    if ((existing?.n ?? 0) >= MAX_SKILLS)
      throw invalid(`You can list at most ${MAX_SKILLS} skills.`);
    let slug = data.slug;
    if (slug && (await slugOwner(tx, owner.actorId, slug))) throw slugConflict();
    if (!slug) {
      const stem = slugify(data.name) || "skill";
      const taken = await tx.db
        .select({ slug: skills.slug })
        .from(skills)
        .where(and(eq(skills.ownerId, owner.actorId), like(skills.slug, `${stem}%`)));
      slug = freeSlug(stem, new Set(taken.map((row) => row.slug.toLowerCase())), "skill");
    }
    const now = tx.now();
    await tx.db.insert(skills).values({
      id: newId(),
      ownerId: owner.actorId,
      slug,
      name: data.name,
      description: data.description,
      frameworkUri: data.frameworkUri,
      tag: data.tag ?? defaultSkillTag(data.name),
      createdAt: now,
      updatedAt: now,
    });
    return { slug };
  });
}

export async function updateSkill(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: SkillInput | FormInput,
): Promise<{ slug: string }> {
  const data = parseInput(skillSchema, input);
  return transactional(ctx, async (tx) => {
    const skill = await lockOwnSkill(tx, owner, slug);
    const newSlug = data.slug || skill.slug;
    const holder = await slugOwner(tx, owner.actorId, newSlug);
    if (holder && holder !== skill.id) throw slugConflict();
    await tx.db
      .update(skills)
      .set({
        slug: newSlug,
        name: data.name,
        description: data.description,
        frameworkUri: data.frameworkUri,
        tag: data.tag,
        updatedAt: tx.now(),
      })
      .where(eq(skills.id, skill.id));
    return { slug: newSlug };
  });
}

export async function deleteSkill(ctx: Ctx, owner: CurrentUser, slug: string): Promise<void> {
  await transactional(ctx, async (tx) => {
    const skill = await lockOwnSkill(tx, owner, slug);
    await tx.db.delete(skills).where(eq(skills.id, skill.id));
  });
}

/** Links one of the owner's published entries to the skill, with a note; again: updates the note. */
export async function addEvidence(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: { entryId?: string; note?: string },
): Promise<void> {
  const data = parseInput(evidenceSchema, input);
  await transactional(ctx, async (tx) => {
    const skill = await lockOwnSkill(tx, owner, slug);
    const [entry] = await tx.db.execute<{ id: string }>(
      sql`select id from entries where id = ${data.entryId} and author_id = ${owner.actorId}
        and status = 'published'`,
    );
    if (!entry) {
      throw invalid("Choose one of your published entries.", {
        entryId: "Choose one of your published entries",
      });
    }
    await tx.db
      .insert(skillEvidence)
      .values({ skillId: skill.id, entryId: data.entryId, note: data.note, addedAt: tx.now() })
      .onConflictDoUpdate({
        target: [skillEvidence.skillId, skillEvidence.entryId],
        set: { note: data.note },
      });
    await tx.db.update(skills).set({ updatedAt: tx.now() }).where(eq(skills.id, skill.id));
  });
}

export async function removeEvidence(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  entryId: string,
): Promise<void> {
  if (!isUuid(entryId)) throw notShown();
  await transactional(ctx, async (tx) => {
    const skill = await lockOwnSkill(tx, owner, slug);
    await tx.db
      .delete(skillEvidence)
      .where(and(eq(skillEvidence.skillId, skill.id), eq(skillEvidence.entryId, entryId)));
  });
}

/** Records a self-rating now: the history keeps every one. */
export async function rateSkill(
  ctx: Ctx,
  owner: CurrentUser,
  slug: string,
  input: { rating?: string | number; note?: string },
): Promise<void> {
  const data = parseInput(ratingSchema, input);
  await transactional(ctx, async (tx) => {
    const skill = await lockOwnSkill(tx, owner, slug);
    await tx.db.insert(skillRatings).values({
      id: newId(),
      skillId: skill.id,
      rating: data.rating,
      note: data.note,
      ratedAt: tx.now(),
    });
  });
}
