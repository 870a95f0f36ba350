import { and, eq, sql } from "drizzle-orm";
import { tagTypes } from "../../db/schema/portfolios.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid } from "../errors.ts";
import { tagKey } from "../tags.ts";
import type { CurrentUser } from "../viewer.ts";
import { TAG_TYPES, type TagType } from "./schema.ts";

/** How a member classifies the tags they use: skill, topic or method (or not at all). */

export interface MemberTag {
  tag: string;
  display: string;
  /** How many of the member's entries carry it. */
  entries: number;
  type: TagType | null;
}

/** Every tag on the member's entries, most used first, with its type. */
export async function memberTags(ctx: Ctx, member: CurrentUser): Promise<MemberTag[]> {
  const rows = await ctx.db.execute<{
    tag: string;
    display: string;
    entries: number;
    type: TagType | null;
  }>(
    sql`select et.tag, min(et.display) as display, count(*)::int as entries, tt.type
      from entry_tags et
      join entries e on e.id = et.entry_id and e.author_id = ${member.actorId}
      left join tag_types tt on tt.actor_id = ${member.actorId} and tt.tag = et.tag
      group by et.tag, tt.type
      order by count(*) desc, et.tag
      limit 500`,
  );
  return [...rows];
}

/**
 * Sets the type of each tag in `types` (tag → "skill" | "topic" | "method" |
 * "" for none). Tags the member does not use are refused.
 */
export async function setTagTypes(
  ctx: Ctx,
  member: CurrentUser,
  types: Readonly<Record<string, string>>,
): Promise<void> {
  const used = new Set((await memberTags(ctx, member)).map((tag) => tag.tag));
  const changes: { tag: string; type: TagType | null }[] = [];
  for (const [name, value] of Object.entries(types)) {
    const tag = tagKey(name);
    if (!used.has(tag)) throw invalid(`You have no entries tagged #${name.slice(0, 64)}.`);
    if (value !== "" && !TAG_TYPES.includes(value as TagType)) {
      throw invalid("Choose skill, topic, method or none.", { [name]: "Choose one of the types" });
    }
    changes.push({ tag, type: value === "" ? null : (value as TagType) });
  }
  await transactional(ctx, async (tx) => {
    for (const change of changes) {
      const where = and(eq(tagTypes.actorId, member.actorId), eq(tagTypes.tag, change.tag));
      if (change.type === null) {
        await tx.db.delete(tagTypes).where(where);
      } else {
        await tx.db
          .insert(tagTypes)
          .values({ actorId: member.actorId, tag: change.tag, type: change.type })
          .onConflictDoUpdate({
            target: [tagTypes.actorId, tagTypes.tag],
            set: { type: change.type },
          });
      }
    }
  });
}
