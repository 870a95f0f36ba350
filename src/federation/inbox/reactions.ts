import { type Announce, isActor, type Like } from "@fedify/fedify/vocab";
import {
  findPostByUri,
  followedLocally,
  receiveLike,
  receivePost,
  receiveShare,
  remoteActorId,
  undoRemoteLike,
  undoRemoteShare,
} from "../../domain/federation/index.ts";
import { isDomainBlocked } from "../../domain/moderation/index.ts";
import { actorIdOf, rememberActor } from "../remote-actors.ts";
import { freshDocumentLoader } from "../safe-document-loader.ts";
import { incomingPost, isPostObject } from "./post-data.ts";
import type { Fed } from "./shared.ts";

/** `Like` of a post here: a like row (once per activity id) and a `like` notification. */
export async function onLike(fed: Fed, like: Like) {
  if (!like.id || !like.objectId) return;
  const actorId = await actorIdOf(fed, like);
  if (!actorId) return;
  await receiveLike(fed.data, { actorId, uri: like.id.href, objectUri: like.objectId.href });
}

/**
 * Fetches a shared post from its own origin (never trusting a copy embedded
 * in the `Announce`) and keeps it with its author. Null when it is not a
 * post, not reachable, or not attributed to an actor of its own origin.
 * Fetched fresh and signed as the instance actor: a server with authorized
 * fetch answers only signed GETs.
 */
export async function fetchSharedPost(fed: Fed, objectId: URL): Promise<string | null> {
  if (await isDomainBlocked(fed.data, objectId.host)) return null;
  const options = {
    documentLoader: freshDocumentLoader(fed.data),
    contextLoader: fed.contextLoader,
  };
  const object = await fed
    .lookupObject(objectId.href, { ...options, crossOrigin: "ignore" })
    .catch(() => null);
  if (!isPostObject(object) || object.id?.href !== objectId.href) return null;
  const attribution = object.attributionId;
  if (!attribution || attribution.origin !== objectId.origin) return null;
  const author = await fed.lookupObject(attribution.href, options).catch(() => null);
  if (!isActor(author) || author.id?.href !== attribution.href) return null;
  const authorId = await rememberActor(fed, author);
  if (!authorId) return null;
  const data = await incomingPost(fed, object as typeof object & { id: URL }, authorId);
  return receivePost(fed.data, data, { keep: true });
}

/**
 * `Announce` of a post here (one of our entries, or a post we keep): a share
 * row and a `share` notification to its local author. A followed account
 * sharing a post we do not have yet brings it into the home timeline: the
 * post is fetched from its own origin first.
 */
export async function onAnnounce(fed: Fed, announce: Announce) {
  if (!announce.id || !announce.objectId) return;
  const actorId = await actorIdOf(fed, announce);
  if (!actorId) return;
  const reaction = { actorId, uri: announce.id.href, objectUri: announce.objectId.href };
  const known = await findPostByUri(fed.data, reaction.objectUri, actorId);
  if (!known) {
    if (!(await followedLocally(fed.data, actorId))) return;
    if (!(await fetchSharedPost(fed, announce.objectId))) return;
  }
  await receiveShare(fed.data, reaction);
}

/** `Undo(Like)` / `Undo(Announce)`, by the actor who liked or shared. */
export async function onUndoReaction(
  fed: Fed,
  undoActor: URL,
  reaction: { kind: "like" | "share"; uri: string | null; objectUri: string | null },
) {
  const actorId = await remoteActorId(fed.data, undoActor.href);
  if (!actorId) return;
  const undo = { actorId, uri: reaction.uri, objectUri: reaction.objectUri };
  if (reaction.kind === "like") await undoRemoteLike(fed.data, undo);
  else await undoRemoteShare(fed.data, undo);
}
