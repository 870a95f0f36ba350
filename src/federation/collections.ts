import type { Federation } from "@fedify/fedify";
import { Create } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { profileEntries } from "../domain/entries/index.ts";
import {
  entryForFederation,
  featuredEntryIds,
  followCounts,
  localActorProfile,
  publicEntryCount,
} from "../domain/federation/index.ts";
import { ANONYMOUS } from "../domain/viewer.ts";
import { objectOf } from "./objects.ts";
import { federationPaths } from "./paths.ts";

/**
 * The outbox (public entries only, as `Create` activities, paged by our own
 * cursors), the followers and following collections (counts; their members
 * are not listed), and `featured` (pinned entries anyone may see).
 */
export function setupCollections(federation: Federation<Ctx>) {
  federation
    .setOutboxDispatcher(federationPaths.outbox, async (fed, identifier, cursor) => {
      if (cursor === null) return null;
      const actor = await localActorProfile(fed.data, identifier);
      if (!actor) return null;
      const page = await profileEntries(fed.data, ANONYMOUS, actor, { cursor: cursor || null });
      const items = page.entries.map((entry) => {
        const object = objectOf(fed, entry);
        return new Create({
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

  federation.setFeaturedDispatcher(federationPaths.featured, async (fed, identifier) => {
    const actor = await localActorProfile(fed.data, identifier);
    if (!actor) return null;
    const ids = await featuredEntryIds(fed.data, actor.id);
    const entries = await Promise.all(
      ids.map((id) => entryForFederation(fed.data, ANONYMOUS, actor.handle, id)),
    );
    return { items: entries.flatMap((entry) => (entry ? [objectOf(fed, entry)] : [])) };
  });
}
