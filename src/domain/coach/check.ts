import { and, count, countDistinct, eq } from "drizzle-orm";
import { z } from "zod";
import { actors, coachDisabledRules, follows } from "../../db/schema/index.ts";
import { parseInput } from "../accounts/members.ts";
import type { Ctx } from "../context.ts";
import { ENTRY_AUDIENCES, MAX_BODY_CHARS } from "../entries/index.ts";
import { MAX_ALT_CHARS, MAX_MEDIA_PER_ENTRY, ownMedia } from "../media/index.ts";
import type { CurrentUser } from "../viewer.ts";
import { visiblePostAudience } from "./reply-target.ts";
import { runRules } from "./rules.ts";
import { type Draft, type Finding, type Reach, RULE_IDS, type RuleId } from "./types.ts";

const text = (max: number) =>
  z
    .string()
    .max(max, `Use at most ${max.toLocaleString("en")} characters`)
    .default("");

/** A draft as the composer sends it (same limits as an entry, so nothing huge is scanned). */
export const draftSchema = z.object({
  kind: text(20),
  title: text(200),
  body: text(MAX_BODY_CHARS),
  linkUrl: text(2000),
  tags: text(2000),
  audience: z.enum(ENTRY_AUDIENCES, { error: "Choose who can see this entry" }).default("public"),
  language: text(35),
  /** The post being replied to (an entry or remote post id), if any. */
  inReplyToId: z.string().max(64).optional(),
  media: z
    .array(
      z.object({
        id: z.string().max(64),
        alt: z
          .string()
          .max(MAX_ALT_CHARS * 4)
          .optional(),
        transcript: z.string().max(MAX_BODY_CHARS).optional(),
      }),
    )
    .max(MAX_MEDIA_PER_ENTRY, `At most ${MAX_MEDIA_PER_ENTRY} files`)
    .default([]),
});

export type DraftInput = z.input<typeof draftSchema>;

/** How many follow the member, and how many of them on other servers. */
export async function reachOf(ctx: Ctx, actorId: string): Promise<Reach> {
  const [row] = await ctx.db
    .select({
      followers: count(),
      remoteFollowers: count(actors.host),
      servers: countDistinct(actors.host),
    })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .where(and(eq(follows.followedId, actorId), eq(follows.state, "accepted")));
  return {
    followers: row?.followers ?? 0,
    remoteFollowers: row?.remoteFollowers ?? 0,
    servers: row?.servers ?? 0,
  };
}

export async function disabledRules(ctx: Ctx, actorId: string): Promise<Set<RuleId>> {
  const rows = await ctx.db
    .select({ ruleId: coachDisabledRules.ruleId })
    .from(coachDisabledRules)
    .where(eq(coachDisabledRules.actorId, actorId));
  const known = new Set<string>(RULE_IDS);
  return new Set(rows.map((r) => r.ruleId).filter((id): id is RuleId => known.has(id)));
}

/**
 * The coach's findings for the member's draft. Attached files are read from
 * the member's own uploads (their kind; alt text and transcript as typed in
 * the form when sent, else as stored); other ids are ignored.
 */
export async function coachDraft(
  ctx: Ctx,
  user: CurrentUser,
  input: DraftInput,
): Promise<Finding[]> {
  const { inReplyToId, ...data } = parseInput(draftSchema, input);
  const typed = new Map(data.media.map((m) => [m.id, m]));
  const files = await ownMedia(ctx, user, [...typed.keys()]);
  const draft: Draft = {
    ...data,
    media: files.map((file) => ({
      id: file.id,
      kind: file.kind,
      alt: typed.get(file.id)?.alt ?? file.alt,
      transcript: typed.get(file.id)?.transcript ?? file.transcript,
    })),
  };
  const [reach, disabled, parentAudience] = await Promise.all([
    reachOf(ctx, user.actorId),
    disabledRules(ctx, user.actorId),
    inReplyToId ? visiblePostAudience(ctx, user, inReplyToId) : null,
  ]);
  draft.replyTo = parentAudience ? { audience: parentAudience } : null;
  return runRules(draft, reach, disabled);
}
