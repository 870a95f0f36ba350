import type { Federation, InboxContext } from "@fedify/fedify";
import {
  Accept,
  Article,
  Create,
  Delete,
  Follow,
  isActor,
  Note,
  PUBLIC_COLLECTION,
  Undo,
  Update,
} from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import {
  acceptFollow,
  deleteRemotePost,
  followedLocally,
  localActorProfile,
  markFollowAccepted,
  type RemotePostData,
  remoteActorId,
  removeFollow,
  storeRemotePost,
} from "../domain/federation/index.ts";
import { followIdentity, sendAccept } from "./outgoing.ts";
import { federationPaths } from "./paths.ts";
import { actorIdOf, rememberActor } from "./remote-actors.ts";

/** The local member an actor URI names, or null. */
async function localActorAt(fed: InboxContext<Ctx>, uri: URL | null) {
  const parsed = uri ? fed.parseUri(uri) : null;
  if (parsed?.type !== "actor") return null;
  return localActorProfile(fed.data, parsed.identifier);
}

/** Public, unlisted, followers-only or direct, read from an object's to/cc. */
function audienceOf(object: Note | Article): RemotePostData["audience"] {
  const isPublic = (ids: URL[]) => ids.some((id) => id.href === PUBLIC_COLLECTION.href);
  if (isPublic(object.toIds)) return "public";
  if (isPublic(object.ccIds)) return "unlisted";
  return object.toIds.some((id) => id.pathname.endsWith("/followers")) ? "followers" : "direct";
}

/** Keeps a post from a Create or Update, when its actor wrote it and someone here follows them. */
async function keepPost(fed: InboxContext<Ctx>, activity: Create | Update) {
  const object = await activity.getObject(fed);
  if (!(object instanceof Note || object instanceof Article)) return;
  const actor = activity.actorId;
  // An object from another origin than its actor's is not theirs to create or change.
  if (!object.id || !actor || object.id.origin !== actor.origin) return;
  if (object.attributionId?.href !== actor.href) return;
  const authorId = await actorIdOf(fed, activity);
  if (!authorId || !(await followedLocally(fed.data, authorId))) return;
  const when = (instant: { epochMilliseconds: number } | null) =>
    instant ? new Date(instant.epochMilliseconds) : null;
  const url = object.url instanceof URL ? object.url : (object.url?.href ?? null);
  await storeRemotePost(fed.data, {
    uri: object.id.href,
    authorId,
    type: object instanceof Article ? "Article" : "Note",
    url: url?.href ?? null,
    name: object.name?.toString() ?? "",
    summary: object.summary?.toString() ?? "",
    contentHtml: object.content?.toString() ?? "",
    sensitive: object.sensitive ?? false,
    audience: audienceOf(object),
    publishedAt: when(object.published),
    updatedAt: when(object.updated),
  });
}

/** What arrives in our inboxes (signatures already verified by Fedify). */
export function setupInbox(federation: Federation<Ctx>) {
  federation
    .setInboxListeners(federationPaths.inbox, federationPaths.sharedInbox)
    .on(Follow, async (fed, follow) => {
      if (!follow.id || !follow.actorId) return;
      const local = await localActorAt(fed, follow.objectId);
      if (!local) return;
      const follower = await follow.getActor(fed);
      if (!isActor(follower) || follower.id?.href !== follow.actorId.href) return;
      const followerId = await rememberActor(fed, follower);
      if (!followerId) return;
      // Every account auto-accepts today (manuallyApprovesFollowers is false).
      await acceptFollow(fed.data, followerId, local.id);
      await sendAccept(fed, local.handle, follower, follow);
    })
    .on(Accept, async (fed, accept) => {
      if (!accept.actorId || !accept.objectId) return;
      const ours = followIdentity(fed, accept.objectId);
      if (!ours) return;
      const local = await localActorProfile(fed.data, ours.handle);
      const followedId = await remoteActorId(fed.data, accept.actorId.href);
      // Only the account we asked to follow can accept our request.
      if (!local || !followedId || followedId !== ours.followedId) return;
      await markFollowAccepted(fed.data, local.id, followedId);
    })
    .on(Undo, async (fed, undo) => {
      const object = await undo.getObject(fed);
      if (!(object instanceof Follow) || object.actorId?.href !== undo.actorId?.href) return;
      const local = await localActorAt(fed, object.objectId);
      const followerId = undo.actorId ? await remoteActorId(fed.data, undo.actorId.href) : null;
      if (local && followerId) await removeFollow(fed.data, followerId, local.id);
    })
    .on(Create, keepPost)
    .on(Update, keepPost)
    .on(Delete, async (fed, del) => {
      const objectId = del.objectId;
      const actor = del.actorId;
      if (!objectId || !actor || objectId.origin !== actor.origin) return;
      const authorId = await remoteActorId(fed.data, actor.href);
      if (authorId) await deleteRemotePost(fed.data, objectId.href, authorId);
    })
    .onError((fed, error) => {
      fed.data.log.warning("An inbox activity failed: {error}", { error });
    });
}
