import { and, eq } from "drizzle-orm";
import { media } from "../../db/schema/media.ts";
import type { Ctx } from "../context.ts";
import { isUuid } from "../ids.ts";
import type { CurrentUser } from "../viewer.ts";
import { parseFocus } from "./status-input.ts";

/** The columns a description and a focus change ({} when neither is given). */
export function mediaChanges(
  description: string | undefined,
  focusText: string | null | undefined,
) {
  const focus = parseFocus(focusText);
  return {
    ...(description !== undefined ? { alt: description.trim() } : {}),
    ...(focus ? { focusX: focus.x, focusY: focus.y } : {}),
  };
}

/** Sets the description and focal point of the member's own uploads (PUT /api/v1/media/:id). */
export async function describeMedia(
  ctx: Ctx,
  user: CurrentUser,
  id: string,
  input: { description?: string; focus?: string | null },
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const changes = mediaChanges(input.description, input.focus);
  const own = and(eq(media.id, id), eq(media.ownerId, user.actorId));
  if (Object.keys(changes).length === 0) {
    const rows = await ctx.db.select({ id: media.id }).from(media).where(own);
    return rows.length > 0;
  }
  const rows = await ctx.db.update(media).set(changes).where(own).returning({ id: media.id });
  return rows.length > 0;
}
