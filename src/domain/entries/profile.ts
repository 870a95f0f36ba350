import { asc, eq, sql } from "drizzle-orm";
import { actors, type ProfileLink, users } from "../../db/schema/accounts.ts";
import { HANDLE_PATTERN, isLocalHandle, profileColumns } from "../accounts/members.ts";
import type { Ctx } from "../context.ts";
import type { Viewer } from "../viewer.ts";
import { notShown } from "./not-shown.ts";

/** A member's profile as the profile page shows it to one viewer. */
export interface ProfileView {
  id: string;
  handle: string;
  displayName: string;
  headline: string;
  /** Sanitized when saved. */
  bioHtml: string;
  links: ProfileLink[];
  avatarKey: string | null;
  /** The language they write in by default. */
  locale: string;
  /** The viewer is this member. */
  isSelf: boolean;
  /** The viewer follows this member. */
  following: boolean;
  /** The viewer's follow: "pending" (asked a locked account), "accepted", or null. */
  followState: "pending" | "accepted" | null;
  /** The account the member moved to (`@handle@host` and our page for it), when they did. */
  movedTo?: { handle: string; host: string | null; url: string } | null;
}

export interface MemberSummary {
  handle: string;
  displayName: string;
  headline: string;
  avatarKey: string | null;
}

export async function profileView(ctx: Ctx, viewer: Viewer, handle: string): Promise<ProfileView> {
  if (!HANDLE_PATTERN.test(handle)) throw notShown();
  const followState =
    viewer.actorId === null
      ? sql<"pending" | "accepted" | null>`null`
      : sql<"pending" | "accepted" | null>`(select f.state from follows f
          where f.follower_id = ${viewer.actorId} and f.followed_id = ${actors.id})`;
  const [row] = await ctx.db
    .select({
      ...profileColumns,
      locale: actors.locale,
      followState,
      movedTo: sql<
        ProfileView["movedTo"]
      >`(select json_build_object('handle', m.handle, 'host', m.host, 'url', case when m.url ~ '^https?://' then m.url else m.uri end)
        from actors m where m.id = actors.moved_to_id)`,
    })
    .from(actors)
    .where(isLocalHandle(handle))
    .limit(1);
  if (!row) throw notShown();
  return {
    ...row,
    displayName: row.displayName || row.handle,
    following: row.followState === "accepted",
    isSelf: row.id === viewer.actorId,
  };
}

/** The instance's members, earliest first (the landing page). */
export async function localMembers(ctx: Ctx, limit = 24): Promise<MemberSummary[]> {
  const rows = await ctx.db
    .select({
      handle: actors.handle,
      displayName: actors.displayName,
      headline: actors.headline,
      avatarKey: actors.avatarKey,
    })
    .from(actors)
    .innerJoin(users, eq(users.actorId, actors.id))
    .orderBy(asc(actors.createdAt))
    .limit(limit);
  return rows.map((row) => ({ ...row, displayName: row.displayName || row.handle }));
}
