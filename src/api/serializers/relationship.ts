import { accountNotesFor } from "../../domain/api/account-notes.ts";
import type { Ctx } from "../../domain/context.ts";
import {
  type RelationshipFlags,
  relationshipFlags,
} from "../../domain/moderation/relationships.ts";
import type { Viewer } from "../../domain/viewer.ts";

/** Mastodon's Relationship entity (https://docs.joinmastodon.org/entities/Relationship/). */
export interface MastodonRelationship {
  id: string;
  following: boolean;
  showing_reblogs: boolean;
  notifying: boolean;
  languages: string[] | null;
  followed_by: boolean;
  blocking: boolean;
  blocked_by: boolean;
  muting: boolean;
  muting_notifications: boolean;
  requested: boolean;
  requested_by: boolean;
  domain_blocking: boolean;
  endorsed: boolean;
  note: string;
}

export function serializeRelationship(
  id: string,
  flags: RelationshipFlags,
  note = "",
): MastodonRelationship {
  return {
    id,
    following: flags.following,
    // Shares of followed accounts always show; there is no per-account switch.
    showing_reblogs: flags.following || flags.requested,
    notifying: false,
    languages: null,
    followed_by: flags.followedBy,
    blocking: flags.blocking,
    blocked_by: flags.blockedBy,
    muting: flags.muting,
    muting_notifications: flags.mutingNotifications,
    requested: flags.requested,
    requested_by: flags.requestedBy,
    domain_blocking: false,
    endorsed: false,
    // The member's private note on them (only ever shown to the member).
    note,
  };
}

/** Relationships of the member with each account, in the order asked. */
export async function loadRelationships(
  ctx: Ctx,
  viewer: Viewer,
  ids: readonly string[],
): Promise<MastodonRelationship[]> {
  const [flags, notes] = await Promise.all([
    relationshipFlags(ctx, viewer, ids),
    accountNotesFor(ctx, viewer, ids),
  ]);
  return ids.flatMap((id) => {
    const found = flags.get(id);
    return found ? [serializeRelationship(id, found, notes.get(id))] : [];
  });
}
