import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { actors, follows } from "../../db/schema/accounts.ts";
import { enqueue } from "../../jobs/queue.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { invalid } from "../errors.ts";
import type { CurrentUser } from "../viewer.ts";

/** The job that looks a remote account up and sends it a `Follow` (src/federation). */
export const FOLLOW_REMOTE_JOB = "federation-follow";

export interface FollowRemotePayload {
  followerId: string;
  followerHandle: string;
  address: string;
}

const HANDLE = /^@?[\w.-]+@[\w.-]+(:\d{1,5})?$/;

const addressSchema = z.object({
  address: z
    .string()
    .trim()
    .max(500)
    .refine(
      (value) => HANDLE.test(value) || /^https?:\/\/[^\s]+$/.test(value),
      "Enter an address like @someone@example.social or a profile URL",
    ),
});

/**
 * The text as a remote account address (`@user@host` or an http(s) URL on
 * another host), normalized, or null when it is not one (search uses it).
 */
export function remoteAddressOf(ctx: Ctx, text: string): string | null {
  const value = text.trim();
  if (value.length > 500) return null;
  const isHandle = HANDLE.test(value) && value.startsWith("@");
  if (!isHandle && !/^https?:\/\/[^\s]+$/.test(value)) return null;
  let host: string;
  try {
    host = isHandle ? (value.split("@")[2] ?? "") : new URL(value).host;
  } catch {
    return null;
  }
  return host.toLowerCase() === new URL(ctx.config.publicUrl).host.toLowerCase() ? null : value;
}

/**
 * Asks to follow a remote account (`@user@host` or its URL): recorded as a job in this
 * transaction; the federation layer looks the account up by WebFinger, keeps
 * it as a pending follow and sends `Follow`. Their `Accept` makes it accepted.
 */
export async function followRemote(
  ctx: Ctx,
  follower: CurrentUser,
  address: string,
  /** Our id for the account when we keep it already: the follow is pending at once. */
  knownActorId?: string,
) {
  const data = parseInput(addressSchema, { address });
  const isUrl = !HANDLE.test(data.address);
  const normalized = isUrl ? data.address : `@${data.address.replace(/^@/, "")}`;
  const host = isUrl ? new URL(normalized).host : (normalized.split("@")[2] ?? "");
  if (host.toLowerCase() === new URL(ctx.config.publicUrl).host.toLowerCase()) {
    throw invalid("That account is on this server: follow it from its profile.", {
      address: "That account is on this server",
    });
  }
  await transactional(ctx, async (tx) => {
    const payload: FollowRemotePayload = {
      followerId: follower.actorId,
      followerHandle: follower.handle,
      address: normalized,
    };
    await enqueue(tx.db, FOLLOW_REMOTE_JOB, payload);
    if (knownActorId) {
      await tx.db
        .insert(follows)
        .values({
          followerId: follower.actorId,
          followedId: knownActorId,
          state: "pending",
          createdAt: tx.now(),
        })
        .onConflictDoNothing();
    }
  });
}

/** The job that tells a remote account we stopped following it (`Undo(Follow)`). */
export const UNFOLLOW_REMOTE_JOB = "federation-unfollow";

export interface UnfollowRemotePayload {
  followerHandle: string;
  followedId: string;
  followedUri: string;
  inboxUrl: string;
}

/**
 * Stops following a remote account, or withdraws a pending request: the
 * follow goes now, and its `Undo(Follow)` is queued in the same transaction.
 * Not following it is not an error.
 */
export async function unfollowRemote(ctx: Ctx, follower: CurrentUser, followedId: string) {
  await transactional(ctx, async (tx) => {
    const [followed] = await tx.db
      .select({ uri: actors.uri, inboxUrl: actors.inboxUrl })
      .from(follows)
      .innerJoin(actors, eq(actors.id, follows.followedId))
      .where(and(eq(follows.followerId, follower.actorId), eq(follows.followedId, followedId)));
    if (!followed?.uri || !followed.inboxUrl) return;
    await tx.db
      .delete(follows)
      .where(and(eq(follows.followerId, follower.actorId), eq(follows.followedId, followedId)));
    // A request withdrawn before its Follow went out: that Follow is not sent at all
    // (else it would record the request again). The Undo below is harmless then.
    await tx.db.execute(sql`delete from jobs where kind = ${FOLLOW_REMOTE_JOB}
      and state = 'pending' and payload->>'followerId' = ${follower.actorId}
      and payload->>'address' = ${followed.uri}`);
    const payload: UnfollowRemotePayload = {
      followerHandle: follower.handle,
      followedId,
      followedUri: followed.uri,
      inboxUrl: followed.inboxUrl,
    };
    await enqueue(tx.db, UNFOLLOW_REMOTE_JOB, payload);
  });
}

/** Keeps a follow request to a remote actor, pending until they accept. */
export async function recordFollowRequest(ctx: Ctx, followerId: string, followedId: string) {
  await ctx.db
    .insert(follows)
    .values({ followerId, followedId, state: "pending", createdAt: ctx.now() })
    .onConflictDoNothing();
}

/** A follow (either direction) now accepted; a missing one is created accepted. */
export async function acceptFollow(ctx: Ctx, followerId: string, followedId: string) {
  await transactional(ctx, async (tx) => {
    await tx.db
      .insert(follows)
      .values({ followerId, followedId, state: "accepted", createdAt: tx.now() })
      .onConflictDoUpdate({
        target: [follows.followerId, follows.followedId],
        set: { state: "accepted" },
      });
  });
}

/** Marks our pending request accepted (their `Accept` arrived); false if there was none. */
export async function markFollowAccepted(
  ctx: Ctx,
  followerId: string,
  followedId: string,
): Promise<boolean> {
  // Through a transaction: commits announce the change, so cached pages show new counts.
  return transactional(ctx, async (tx) => {
    const rows = await tx.db
      .update(follows)
      .set({ state: "accepted" })
      .where(and(eq(follows.followerId, followerId), eq(follows.followedId, followedId)))
      .returning({ state: follows.state });
    return rows.length > 0;
  });
}

export async function removeFollow(ctx: Ctx, followerId: string, followedId: string) {
  await transactional(ctx, async (tx) => {
    await tx.db
      .delete(follows)
      .where(and(eq(follows.followerId, followerId), eq(follows.followedId, followedId)));
  });
}

/** The state of a follow between two actors, or null. */
export async function followState(ctx: Ctx, followerId: string, followedId: string) {
  const [row] = await ctx.db
    .select({ state: follows.state })
    .from(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followedId, followedId)));
  return row?.state ?? null;
}

/** A remote follower as delivery needs it. */
export interface RemoteRecipient {
  uri: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
}

/** The accepted remote followers of a local actor (delivery targets). */
export async function remoteFollowers(ctx: Ctx, actorId: string): Promise<RemoteRecipient[]> {
  const rows = await ctx.db
    .select({ uri: actors.uri, inboxUrl: actors.inboxUrl, sharedInboxUrl: actors.sharedInboxUrl })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .where(
      and(
        eq(follows.followedId, actorId),
        eq(follows.state, "accepted"),
        isNotNull(actors.host),
        isNotNull(actors.uri),
        isNotNull(actors.inboxUrl),
      ),
    )
    .orderBy(sql`${actors.id}`);
  return rows.flatMap((r) =>
    r.uri && r.inboxUrl
      ? [{ uri: r.uri, inboxUrl: r.inboxUrl, sharedInboxUrl: r.sharedInboxUrl }]
      : [],
  );
}
