import type { Federation } from "@fedify/fedify";
import {
  Accept,
  type Activity,
  Announce,
  Block,
  Create,
  Delete,
  Flag,
  Follow,
  Like,
  Move,
  Reject,
  Undo,
  Update,
} from "@fedify/fedify/vocab";
import type { Ctx } from "../../domain/context.ts";
import { isDomainBlocked } from "../../domain/moderation/index.ts";
import { federationPaths } from "../paths.ts";
import { onAcceptActivity, onUndoAcceptedAnswer } from "./accepted-answer.ts";
import { onFollow, onReject, onUndoFollow } from "./follows.ts";
import { onBlock, onFlag, onUndoBlock } from "./moderation.ts";
import { onMove } from "./move.ts";
import { onCreateOrUpdate, onDelete, onUnverifiedActivity } from "./posts.ts";
import { onAnnounce, onLike, onUndoReaction } from "./reactions.ts";
import type { Fed } from "./shared.ts";
import { actorMatchesSigner } from "./signer-scope.ts";

/** `Undo` of a Follow, Like, Announce or Block: only the actor who did it may undo it. */
async function onUndo(fed: Fed, undo: Undo) {
  const actor = undo.actorId;
  if (!actor) return;
  const object = await undo.getObject(fed).catch(() => null);
  if (object instanceof Follow) return onUndoFollow(fed, actor, object);
  if (object instanceof Block) return onUndoBlock(fed, actor, object);
  if (object instanceof Accept) return onUndoAcceptedAnswer(fed, actor, object);
  if (object instanceof Like || object instanceof Announce) {
    if (object.actorId?.href !== actor.href) return;
    const kind = object instanceof Like ? "like" : "share";
    return onUndoReaction(fed, actor, {
      kind,
      uri: object.id?.href ?? null,
      objectUri: object.objectId?.href ?? null,
    });
  }
  // Only the id, and nothing to fetch there: a like or share of this actor's with that id.
  if (object === null && undo.objectId && undo.objectId.origin === actor.origin) {
    const uri = undo.objectId.href;
    await onUndoReaction(fed, actor, { kind: "like", uri, objectUri: null });
    await onUndoReaction(fed, actor, { kind: "share", uri, objectUri: null });
  }
}

/**
 * Drops activities from a blocked server that were queued before the block
 * (the web middleware drops new ones before parsing), and activities the
 * inbox's fast path queued whose parsed actor is not the key's owner.
 */
function unlessBlocked<T extends Activity>(listener: (fed: Fed, activity: T) => Promise<unknown>) {
  return async (fed: Fed, activity: T) => {
    if (!actorMatchesSigner(activity.actorId)) {
      fed.data.log.warning("Dropped {id}: its actor is not the key that signed it.", {
        id: activity.id?.href,
      });
      return;
    }
    const host = activity.actorId?.host;
    if (!host || (await isDomainBlocked(fed.data, host))) return;
    await listener(fed, activity);
  };
}

/**
 * What arrives in our inboxes. Fedify verified the signature, that the key
 * belongs to the activity's actor and the Date is fresh; each activity id is
 * processed once per server (Fedify's idempotence marks, then our unique
 * constraints on activity ids for anything delivered again later).
 */
export function setupInbox(federation: Federation<Ctx>) {
  federation
    .setInboxListeners(federationPaths.inbox, federationPaths.sharedInbox)
    .withIdempotency("per-origin")
    .on(Follow, unlessBlocked(onFollow))
    .on(Accept, unlessBlocked(onAcceptActivity))
    .on(Reject, unlessBlocked(onReject))
    .on(Undo, unlessBlocked(onUndo))
    .on(Create, unlessBlocked(onCreateOrUpdate))
    .on(Update, unlessBlocked(onCreateOrUpdate))
    .on(Delete, unlessBlocked(onDelete))
    .on(Like, unlessBlocked(onLike))
    .on(Announce, unlessBlocked(onAnnounce))
    .on(Block, unlessBlocked(onBlock))
    .on(Flag, unlessBlocked(onFlag))
    .on(Move, unlessBlocked(onMove))
    .onUnverifiedActivity(onUnverifiedActivity)
    .onError((fed, error) => {
      fed.data.log.warning("An inbox activity failed: {error}", { error });
    });
}
