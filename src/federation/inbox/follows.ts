import { type Accept, type Actor, type Follow, isActor, Reject } from "@fedify/fedify/vocab";
import {
  followRejected,
  localActorProfile,
  markFollowAccepted,
  receiveFollow,
  remoteActorId,
  undoRemoteFollow,
} from "../../domain/federation/index.ts";
import { followIdentity, sendAccept } from "../outgoing.ts";
import { rememberActor } from "../remote-actors.ts";
import { type Fed, localActorAt } from "./shared.ts";

async function sendReject(fed: Fed, handle: string, follower: Actor, follow: Follow) {
  const actor = fed.getActorUri(handle);
  await fed.sendActivity(
    { identifier: handle },
    follower,
    new Reject({
      id: new URL(`#rejects/${crypto.randomUUID()}`, actor),
      actor,
      object: follow,
    }),
  );
}

/**
 * A remote `Follow` of a member: accepted at once (`Accept`), pending for a
 * locked account (answered when the member decides), refused after a block.
 */
export async function onFollow(fed: Fed, follow: Follow) {
  if (!follow.id || !follow.actorId) return;
  const local = await localActorAt(fed, follow.objectId);
  if (!local) return;
  const follower = await follow.getActor(fed);
  if (!isActor(follower) || follower.id?.href !== follow.actorId.href) return;
  const followerId = await rememberActor(fed, follower);
  if (!followerId) return;
  const outcome = await receiveFollow(fed.data, {
    followerId,
    followedId: local.id,
    uri: follow.id.href,
  });
  if (outcome === "accepted") await sendAccept(fed, local.handle, follower, follow);
  if (outcome === "refused") await sendReject(fed, local.handle, follower, follow);
}

/** Which of our follows an `Accept` / `Reject` answers, when its actor is the one we asked. */
async function answeredFollow(fed: Fed, answer: Accept | Reject) {
  if (!answer.actorId || !answer.objectId) return null;
  const ours = followIdentity(fed, answer.objectId);
  if (!ours) return null;
  const local = await localActorProfile(fed.data, ours.handle);
  const followedId = await remoteActorId(fed.data, answer.actorId.href);
  // Only the account we asked to follow can answer our request.
  if (!local || !followedId || followedId !== ours.followedId) return null;
  return { followerId: local.id, followedId };
}

export async function onAccept(fed: Fed, accept: Accept) {
  const follow = await answeredFollow(fed, accept);
  if (follow) await markFollowAccepted(fed.data, follow.followerId, follow.followedId);
}

/** Our follow request was refused (or a follow ended by the other side). */
export async function onReject(fed: Fed, reject: Reject) {
  const follow = await answeredFollow(fed, reject);
  if (follow) await followRejected(fed.data, follow.followerId, follow.followedId);
}

/** `Undo(Follow)`, by the follower itself. */
export async function onUndoFollow(fed: Fed, undoActor: URL, follow: Follow) {
  if (follow.actorId?.href !== undoActor.href) return;
  const local = await localActorAt(fed, follow.objectId);
  const followerId = await remoteActorId(fed.data, undoActor.href);
  if (local && followerId) await undoRemoteFollow(fed.data, followerId, local.id);
}
