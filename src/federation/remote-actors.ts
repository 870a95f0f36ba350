import type { Context } from "@fedify/fedify";
import { type Actor, Image, isActor, Link } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { remoteActorId, storeRemoteActor } from "../domain/federation/index.ts";

/** The http(s) URL of an actor's `icon` or `image`, when it has one. */
async function imageUrl(image: Promise<unknown>): Promise<string | null> {
  const found = await image.catch(() => null);
  if (!(found instanceof Image)) return null;
  const url = found.url instanceof Link ? found.url.href : found.url;
  return url && /^https?:$/.test(url.protocol) ? url.href : null;
}

/** Keeps (or refreshes) a remote actor Fedify fetched and verified; returns our id for it. */
export async function rememberActor(fed: Context<Ctx>, actor: Actor): Promise<string | null> {
  if (!actor.id || !actor.inboxId) return null;
  const url = actor.url instanceof Link ? actor.url.href : actor.url;
  const options = { ...fed, suppressError: true };
  return storeRemoteActor(fed.data, {
    uri: actor.id.href,
    handle: actor.preferredUsername?.toString() ?? actor.id.pathname.split("/").pop() ?? "",
    host: actor.id.host,
    displayName: actor.name?.toString() ?? "",
    bioHtml: actor.summary?.toString() ?? "",
    inboxUrl: actor.inboxId.href,
    sharedInboxUrl: actor.endpoints?.sharedInbox?.href ?? null,
    url: url?.href ?? null,
    avatarUrl: await imageUrl(actor.getIcon(options)),
    headerUrl: await imageUrl(actor.getImage(options)),
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers ?? false,
    alsoKnownAs: actor.aliasIds.map((alias) => alias.href),
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
