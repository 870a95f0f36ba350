import type { RequestContext, UnverifiedActivityReason } from "@fedify/fedify";
import { type Activity, type Create, Delete, isActor, type Update } from "@fedify/fedify/vocab";
import type { Ctx } from "../../domain/context.ts";
import {
  forgetRemoteActor,
  receivePost,
  remoteActorId,
  removeRemoteObject,
} from "../../domain/federation/index.ts";
import { safeFetch } from "../../media/safe-fetch.ts";
import { actorIdOf } from "../remote-actors.ts";
import { onActorUpdate } from "./actor-update.ts";
import { incomingPost, isPostObject } from "./post-data.ts";
import type { Fed } from "./shared.ts";

/**
 * `Create` / `Update` of a post: kept when it concerns us (see `receivePost`).
 * The object must come from its actor's origin and be attributed to it.
 * An `Update` of an actor refreshes what we keep of them (src/federation/inbox/actor-update.ts).
 */
export async function onCreateOrUpdate(fed: Fed, activity: Create | Update) {
  const actor = activity.actorId;
  const object = await activity.getObject(fed);
  if (!actor || !object?.id) return;
  if (isActor(object)) return onActorUpdate(fed, activity, object);
  // An object from another origin than its actor's is not theirs to create or change.
  if (object.id.origin !== actor.origin) return;
  if (!isPostObject(object) || object.attributionId?.href !== actor.href) return;
  const authorId = await actorIdOf(fed, activity);
  if (!authorId) return;
  await receivePost(
    fed.data,
    await incomingPost(fed, object as typeof object & { id: URL }, authorId, activity),
  );
}

/**
 * `Delete` of a post (or of a `Like` / `Announce` activity) by its own actor:
 * the object's origin must be the actor's, and only the actor's rows go.
 */
export async function onDelete(fed: Fed, del: Delete) {
  const objectId = del.objectId;
  const actor = del.actorId;
  if (!objectId || !actor || objectId.origin !== actor.origin) return;
  const authorId = await remoteActorId(fed.data, actor.href);
  if (!authorId) return;
  if (objectId.href === actor.href) await forgetRemoteActor(fed.data, authorId);
  else await removeRemoteObject(fed.data, objectId.href, authorId);
}

/**
 * A deleted account's `Delete` of itself cannot be verified: its server
 * answers 410 Gone for the key. When the key lives on the actor's origin and
 * the actor document itself answers 410 to our own fetch, the account is
 * forgotten and the sender gets 202 (so it stops retrying); anything else
 * keeps Fedify's 401.
 */
export async function onUnverifiedActivity(
  fed: RequestContext<Ctx>,
  activity: Activity,
  reason: UnverifiedActivityReason,
): Promise<Response | undefined> {
  const actor = activity.actorId;
  if (!(activity instanceof Delete) || !actor || activity.objectId?.href !== actor.href) return;
  if (reason.type !== "keyFetchError" || reason.keyId.origin !== actor.origin) return;
  if (!("status" in reason.result) || reason.result.status !== 410) return;
  const authorId = await remoteActorId(fed.data, actor.href);
  if (!authorId) return new Response(null, { status: 202 });
  const answer = await safeFetch(actor.href, {
    allowPrivate: fed.data.config.federationAllowPrivateAddress,
    maxBytes: 64 * 1024,
    headers: { accept: "application/activity+json" },
  }).catch(() => null);
  await answer?.body?.cancel();
  if (answer?.status !== 410) return;
  await forgetRemoteActor(fed.data, authorId);
  return new Response(null, { status: 202 });
}
