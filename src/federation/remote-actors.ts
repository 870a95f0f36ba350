import type { Context } from "@fedify/fedify";
import { type Actor, isActor, Link } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { remoteActorId, storeRemoteActor } from "../domain/federation/index.ts";

/** Keeps (or refreshes) a remote actor Fedify fetched and verified; returns our id for it. */
export async function rememberActor(fed: Context<Ctx>, actor: Actor): Promise<string | null> {
  if (!actor.id || !actor.inboxId) return null;
  const url = actor.url instanceof Link ? actor.url.href : actor.url;
  return storeRemoteActor(fed.data, {
    uri: actor.id.href,
    handle: actor.preferredUsername?.toString() ?? actor.id.pathname.split("/").pop() ?? "",
    host: actor.id.host,
    displayName: actor.name?.toString() ?? "",
    bioHtml: actor.summary?.toString() ?? "",
    inboxUrl: actor.inboxId.href,
    sharedInboxUrl: actor.endpoints?.sharedInbox?.href ?? null,
    url: url?.href ?? null,
  });
}

/** Our id for the actor of an activity: stored already, or fetched (signed) and stored. */
export async function actorIdOf(
  fed: Context<Ctx>,
  activity: { actorId: URL | null; getActor(options?: object): Promise<unknown> },
): Promise<string | null> {
  if (!activity.actorId) return null;
  const known = await remoteActorId(fed.data, activity.actorId.href);
  if (known) return known;
  const actor = await activity.getActor(fed);
  if (!isActor(actor) || actor.id?.href !== activity.actorId.href) return null;
  return rememberActor(fed, actor);
}
