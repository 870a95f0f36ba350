import type { Context } from "@fedify/fedify";
import { type Actor, Hashtag, Image, isActor, Link, PropertyValue } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { remoteActorId, storeRemoteActor } from "../domain/federation/index.ts";
import { freshDocumentLoader } from "./safe-document-loader.ts";

/** The http(s) URL of an actor's `icon` or `image`, when it has one. */
async function imageUrl(image: Promise<unknown>): Promise<string | null> {
  const found = await image.catch(() => null);
  if (!(found instanceof Image)) return null;
  const url = found.url instanceof Link ? found.url.href : found.url;
  return url && /^https?:$/.test(url.protocol) ? url.href : null;
}

/** At most this many profile fields and featured tags are kept per actor (Mastodon shows 4). */
const MAX_FIELDS = 16;
const MAX_TAGS = 20;
const TAG = /^[\p{L}\p{M}\p{N}_]{1,64}$/u;

type Options = Context<Ctx> & { suppressError: true };

/** The actor's `PropertyValue` attachments (their values are sanitized when stored). */
async function profileFields(actor: Actor, options: Options) {
  const fields: { name: string; valueHtml: string }[] = [];
  try {
    for await (const item of actor.getAttachments({ ...options, crossOrigin: "ignore" })) {
      if (!(item instanceof PropertyValue)) continue;
      const name = item.name?.toString().trim() ?? "";
      if (name) fields.push({ name, valueHtml: item.value?.toString() ?? "" });
      if (fields.length >= MAX_FIELDS) break;
    }
  } catch {
    // A broken attachment list keeps the fields read so far.
  }
  return fields;
}

/**
 * The actor's `featuredTags` (a collection of `Hashtag`s, from its own
 * origin only), as tag names without `#`; null when it has none or it cannot
 * be read (what we kept stays).
 */
async function featuredTags(actor: Actor, options: Options): Promise<string[] | null> {
  if (!actor.featuredTagsId || actor.featuredTagsId.origin !== actor.id?.origin) return [];
  // Fresh (a refreshed actor's tags, not the cached ones), through the SSRF guard, briefly.
  const loader = { documentLoader: freshDocumentLoader(options.data, { timeoutMs: 3000 }) };
  try {
    const collection = await actor.getFeaturedTags({
      ...options,
      ...loader,
      crossOrigin: "ignore",
    });
    if (!collection) return null;
    const tags: string[] = [];
    for await (const item of collection.getItems({
      ...options,
      ...loader,
      crossOrigin: "ignore",
    })) {
      const name = item instanceof Hashtag ? item.name?.toString().replace(/^#/, "") : null;
      if (name && TAG.test(name) && !tags.includes(name)) tags.push(name);
      if (tags.length >= MAX_TAGS) break;
    }
    return tags;
  } catch {
    return null;
  }
}

/** Keeps (or refreshes) a remote actor Fedify fetched and verified; returns our id for it. */
export async function rememberActor(fed: Context<Ctx>, actor: Actor): Promise<string | null> {
  if (!actor.id || !actor.inboxId) return null;
  const url = actor.url instanceof Link ? actor.url.href : actor.url;
  const options: Options = { ...fed, suppressError: true };
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
    profileFields: await profileFields(actor, options),
    featuredTags: (await featuredTags(actor, options)) ?? undefined,
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
