import type { Federation } from "@fedify/fedify";
import type { Ctx } from "../domain/context.ts";
import { profileEntries } from "../domain/entries/index.ts";
import {
  entryForFederation,
  entryReferences,
  featuredEntryIds,
  featuredTagsOf,
  followCounts,
  localActorProfile,
  publicEntryCount,
} from "../domain/federation/index.ts";
import { ANONYMOUS } from "../domain/viewer.ts";
import { MediaCreate } from "./object-media-extras.ts";
import { hashtagOf, objectOf } from "./objects.ts";
import { federationPaths } from "./paths.ts";

/**
 * The outbox (public entries only, as `Create` activities, paged by our own
 * cursors), the followers and following collections (counts; their members
 * are not listed), `featured` (pinned entries anyone may see) and
 * `featuredTags` (the member's chosen tags, or their most used ones).
 */
export function setupCollections(federation: Federation<Ctx>) {
  federation
    .setOutboxDispatcher(federationPaths.outbox, async (fed, identifier, cursor) => {
      if (cursor === null) return null;
      const actor = await localActorProfile(fed.data, identifier);
      if (!actor) return null;
      const page = await profileEntries(fed.data, ANONYMOUS, actor, {
        cursor: cursor || null,
        replies: true,
      });
      const refs = await entryReferences(
        fed.data,
        page.entries.map((entry) => entry.id),
      );
      const items = page.entries.map((entry) => {
        const object = objectOf(fed, entry, refs.get(entry.id));
        return new MediaCreate({
          id: new URL(`${object.id?.href}#create`),
          actor: fed.getActorUri(identifier),
          tos: object.toIds,
          ccs: object.ccIds,
          published: object.published,
          object,
        });
      });
      return { items, nextCursor: page.nextCursor };
    })
    .setFirstCursor(() => "")
    .setCounter(async (fed, identifier) => {
      const actor = await localActorProfile(fed.data, identifier);
      return actor ? publicEntryCount(fed.data, actor.id) : null;
    });

  federation
    .setFollowersDispatcher(federationPaths.followers, async (fed, identifier) => {
      const actor = await localActorProfile(fed.data, identifier);
      return actor ? { items: [] } : null;
    })
    .setCounter(async (fed, identifier) => {
      const actor = await localActorProfile(fed.data, identifier);
      return actor ? (await followCounts(fed.data, actor.id)).followers : null;
    });

  federation
    .setFollowingDispatcher(federationPaths.following, async (fed, identifier) => {
      const actor = await localActorProfile(fed.data, identifier);
      return actor ? { items: [] } : null;
    })
    .setCounter(async (fed, identifier) => {
      const actor = await localActorProfile(fed.data, identifier);
      return actor ? (await followCounts(fed.data, actor.id)).following : null;
    });

  federation.setFeaturedTagsDispatcher(federationPaths.featuredTags, async (fed, identifier) => {
    const actor = await localActorProfile(fed.data, identifier);
    if (!actor) return null;
    const tags = await featuredTagsOf(fed.data, actor);
    return { items: tags.map((tag) => hashtagOf(fed, tag.display)) };
  });

  federation.setFeaturedDispatcher(federationPaths.featured, async (fed, identifier) => {
    const actor = await localActorProfile(fed.data, identifier);
    if (!actor) return null;
    const ids = await featuredEntryIds(fed.data, actor.id);
    const entries = await Promise.all(
      ids.map((id) => entryForFederation(fed.data, ANONYMOUS, actor.handle, id)),
    );
    const refs = await entryReferences(fed.data, ids);
    return {
      items: entries.flatMap((entry) => (entry ? [objectOf(fed, entry, refs.get(entry.id))] : [])),
    };
  });
}
