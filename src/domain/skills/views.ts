import { and, asc, desc, eq, sql } from "drizzle-orm";
import { actors } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { skillEvidence, skillRatings, skills } from "../../db/schema/portfolios.ts";
import { HANDLE_PATTERN, isLocalHandle } from "../accounts/members.ts";
import { entryVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { type AuthorView, type EntryView, pageOfEntries } from "../entries/view-model.ts";
import { entriesById } from "../portfolios/entries-by-id.ts";
import { SLUG_PATTERN } from "../portfolios/slug.ts";
import type { CurrentUser, Viewer } from "../viewer.ts";

/**
 * Reads of skills. A skill's name and description are public like the rest
 * of a profile; its evidence is entries, shown only where `entryVisibleTo`
 * lets the viewer list them — counts included.
 */

export interface SkillSummary {
  slug: string;
  name: string;
  description: string;
  /** Evidence entries this viewer may see. */
  evidenceCount: number;
  latestRating: number | null;
}

export interface EvidenceView {
  entry: EntryView;
  note: string;
}

export interface RatingView {
  rating: number;
  note: string;
  ratedAt: Date;
}

export interface SkillView {
  id: string;
  slug: string;
  name: string;
  description: string;
  frameworkUri: string | null;
  tag: string | null;
  owner: AuthorView;
  isOwner: boolean;
  evidence: EvidenceView[];
  /** Oldest first: the chart reads left to right. */
  ratings: RatingView[];
}

/**
 * Evidence of each skill (a correlated subquery on the outer `skills` row)
 * that the viewer may list. Written qualified by hand: drizzle leaves the
 * column of a one-table query unqualified, which the subquery would misread.
 */
function visibleEvidenceCount(viewer: Viewer) {
  return sql<number>`(select count(*)::int from skill_evidence se
    join entries on entries.id = se.entry_id
    where se.skill_id = "skills"."id" and ${entryVisibleTo(viewer, "listing")})`;
}

/** A member's skills with the evidence count this viewer may see, by name. */
export async function memberSkills(
  ctx: Ctx,
  viewer: Viewer,
  ownerId: string,
): Promise<SkillSummary[]> {
  return ctx.db
    .select({
      slug: skills.slug,
      name: skills.name,
      description: skills.description,
      evidenceCount: visibleEvidenceCount(viewer),
      latestRating: sql<number | null>`(select r.rating from skill_ratings r
        where r.skill_id = "skills"."id" order by r.rated_at desc, r.id desc limit 1)`,
    })
    .from(skills)
    .where(eq(skills.ownerId, ownerId))
    .orderBy(asc(sql`lower(${skills.name})`));
}

/** The skill at `/@handle/skills/<slug>`, with the evidence the viewer may see. */
export async function skillForViewer(
  ctx: Ctx,
  viewer: Viewer,
  handle: string,
  slug: string,
): Promise<SkillView> {
  if (!HANDLE_PATTERN.test(handle) || !SLUG_PATTERN.test(slug.toLowerCase())) throw notShown();
  const [row] = await ctx.db
    .select({
      id: skills.id,
      slug: skills.slug,
      name: skills.name,
      description: skills.description,
      frameworkUri: skills.frameworkUri,
      tag: skills.tag,
      ownerId: actors.id,
      ownerHandle: actors.handle,
      ownerName: actors.displayName,
      ownerAvatarKey: actors.avatarKey,
    })
    .from(skills)
    .innerJoin(actors, eq(actors.id, skills.ownerId))
    .where(and(isLocalHandle(handle), sql`lower(${skills.slug}) = lower(${slug})`))
    .limit(1);
  if (!row) throw notShown();
  const [links, ratings] = await Promise.all([
    ctx.db
      .select({ entryId: skillEvidence.entryId, note: skillEvidence.note })
      .from(skillEvidence)
      .where(eq(skillEvidence.skillId, row.id))
      .orderBy(desc(skillEvidence.addedAt)),
    ctx.db
      .select({
        rating: skillRatings.rating,
        note: skillRatings.note,
        ratedAt: skillRatings.ratedAt,
      })
      .from(skillRatings)
      .where(eq(skillRatings.skillId, row.id))
      .orderBy(asc(skillRatings.ratedAt), asc(skillRatings.id)),
  ]);
  const byId = await entriesById(
    ctx,
    links.map((link) => link.entryId),
    entryVisibleTo(viewer, "listing"),
  );
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    frameworkUri: row.frameworkUri,
    tag: row.tag,
    owner: {
      id: row.ownerId,
      handle: row.ownerHandle,
      displayName: row.ownerName || row.ownerHandle,
      avatarKey: row.ownerAvatarKey,
    },
    isOwner: viewer.actorId === row.ownerId,
    evidence: links.flatMap((link) => {
      const entry = byId.get(link.entryId);
      return entry ? [{ entry, note: link.note }] : [];
    }),
    ratings,
  };
}

const notEvidenceYet = (skillId: string) =>
  sql`not exists (select 1 from skill_evidence se where se.skill_id = ${skillId}
    and se.entry_id = "entries"."id")`;

/**
 * The owner's entries offered as evidence: tagged with the skill's tag when
 * the member typed that tag as a skill, and not linked yet.
 */
export async function evidenceSuggestions(
  ctx: Ctx,
  owner: CurrentUser,
  skill: Pick<SkillView, "id" | "tag">,
): Promise<EntryView[]> {
  if (!skill.tag) return [];
  const page = await pageOfEntries(ctx, {
    where: and(
      eq(entries.authorId, owner.actorId),
      entryVisibleTo(owner, "listing"),
      sql`exists (select 1 from entry_tags et where et.entry_id = "entries"."id" and et.tag = ${skill.tag})`,
      sql`exists (select 1 from tag_types tt where tt.actor_id = ${owner.actorId}
        and tt.tag = ${skill.tag} and tt.type = 'skill')`,
      notEvidenceYet(skill.id),
    )!,
    sort: "published",
    limit: 20,
  });
  return page.entries;
}

/** The owner's newest published entries not linked to this skill yet (the picker). */
export async function evidenceCandidates(
  ctx: Ctx,
  owner: CurrentUser,
  skillId: string,
): Promise<EntryView[]> {
  const page = await pageOfEntries(ctx, {
    where: and(
      eq(entries.authorId, owner.actorId),
      entryVisibleTo(owner, "listing"),
      notEvidenceYet(skillId),
    )!,
    sort: "published",
    limit: 50,
  });
  return page.entries;
}
