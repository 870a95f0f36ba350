import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { actors } from "../../db/schema/accounts.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid } from "../errors.ts";
import type { CurrentUser } from "../viewer.ts";
import { moveLocalFollowers } from "./follower-move.ts";
import { localActorUri } from "./references.ts";
import { queueSocialDelivery } from "./social-outgoing.ts";

/** A member's aliases are at most this many accounts. */
export const MAX_ALIASES = 10;

/** The message when the new account does not name the member as an alias. */
export const ALIAS_FIRST =
  "Add this account as an alias on the new account first: the new account must list this one (its “also known as” or “aliases” setting) before you can move.";

/** Where a member's account moved, and their aliases: the settings page's facts. */
export interface AccountMoveSettings {
  /** The account the member moved to, when they did. */
  movedTo: { id: string; uri: string; handle: string; host: string | null } | null;
  /** Other accounts of theirs (`alsoKnownAs`), as actor URIs. */
  aliases: string[];
}

export async function accountMoveSettings(
  ctx: Ctx,
  user: CurrentUser,
): Promise<AccountMoveSettings> {
  const moved = alias(actors, "moved");
  const [row] = await ctx.db
    .select({
      aliases: actors.alsoKnownAs,
      id: moved.id,
      uri: moved.uri,
      handle: moved.handle,
      host: moved.host,
    })
    .from(actors)
    .leftJoin(moved, eq(moved.id, actors.movedToId))
    .where(eq(actors.id, user.actorId));
  if (!row) return { movedTo: null, aliases: [] };
  const movedTo =
    row.id && row.uri && row.handle
      ? { id: row.id, uri: row.uri, handle: row.handle, host: row.host }
      : null;
  return { movedTo, aliases: row.aliases };
}

/**
 * Moves the member to a remote account we keep (`targetId`, just fetched
 * fresh by the federation layer): only when it lists the member's actor in
 * its `alsoKnownAs`. Sets `moved_to_id` and sends `Move` to the member's
 * remote followers (their servers then follow the new account) and an
 * `Update` of the Person (now with `movedTo`).
 */
export async function moveAccount(ctx: Ctx, user: CurrentUser, targetId: string): Promise<void> {
  await transactional(ctx, async (tx) => {
    const [target] = await tx.db
      .select({ id: actors.id, uri: actors.uri, alsoKnownAs: actors.alsoKnownAs })
      .from(actors)
      .where(and(eq(actors.id, targetId), isNotNull(actors.host)));
    if (!target?.uri) throw invalid("No account found there.", { account: "No account found" });
    if (!target.alsoKnownAs.includes(localActorUri(tx, user.handle))) {
      throw invalid(ALIAS_FIRST, { account: "This account does not list you as an alias yet" });
    }
    await tx.db
      .update(actors)
      .set({ movedToId: targetId, updatedAt: tx.now() })
      .where(and(eq(actors.id, user.actorId), isNull(actors.host)));
    await queueSocialDelivery(tx, { type: "move", actorId: user.actorId });
    // Members here who followed them go along (remote followers' servers move theirs).
    await moveLocalFollowers(tx, { oldId: user.actorId, newId: target.id, newUri: target.uri });
    await queueSocialDelivery(tx, { type: "update-profile", actorId: user.actorId });
  });
}

/**
 * Undoes a move: the profile no longer says the member moved (followers who
 * went along stay with the new account; ActivityPub has no undo for them).
 */
export async function undoAccountMove(ctx: Ctx, user: CurrentUser): Promise<void> {
  await transactional(ctx, async (tx) => {
    const changed = await tx.db
      .update(actors)
      .set({ movedToId: null, updatedAt: tx.now() })
      .where(and(eq(actors.id, user.actorId), isNotNull(actors.movedToId)))
      .returning({ id: actors.id });
    if (changed.length > 0) {
      await queueSocialDelivery(tx, { type: "update-profile", actorId: user.actorId });
    }
  });
}

/**
 * Sets the member's aliases (`alsoKnownAs`): the accounts they may move
 * here from. `uris` are actor ids the federation layer resolved.
 */
export async function setAccountAliases(
  ctx: Ctx,
  user: CurrentUser,
  uris: readonly string[],
): Promise<void> {
  const unique = [...new Set(uris)];
  if (unique.length > MAX_ALIASES) {
    throw invalid(`At most ${MAX_ALIASES} aliases.`, { aliases: "Too many aliases" });
  }
  if (unique.some((uri) => !/^https?:\/\//.test(uri) || !URL.canParse(uri))) {
    throw invalid("An alias must be an account address.", { aliases: "Not an account" });
  }
  await transactional(ctx, async (tx) => {
    await tx.db
      .update(actors)
      .set({ alsoKnownAs: unique, updatedAt: tx.now() })
      .where(and(eq(actors.id, user.actorId), isNull(actors.host)));
    await queueSocialDelivery(tx, { type: "update-profile", actorId: user.actorId });
  });
}
