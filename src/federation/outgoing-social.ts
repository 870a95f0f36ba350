import type { Context, Federation, RequestContext } from "@fedify/fedify";
import {
  Accept,
  type Activity,
  Announce,
  Block,
  Flag,
  Follow,
  Like,
  Move,
  PUBLIC_COLLECTION,
  Reject,
  Undo,
  Update,
} from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Ctx } from "../domain/context.ts";
import {
  instanceActorUri,
  localActorProfile,
  localReaction,
  remoteFollowers,
  type SocialDeliveryPayload,
} from "../domain/federation/index.ts";
import { personOf } from "./actors.ts";
import { instanceSigner } from "./instance-actor.ts";
import { recipientsOf } from "./outgoing.ts";
import { federationPaths } from "./paths.ts";

const url = (href: string | null) => (href ? new URL(href) : null);

/** What building an activity needs (a queued payload, or a stored like or share). */
type ActivityFacts = Pick<
  SocialDeliveryPayload,
  "activity" | "actorHandle" | "id" | "object" | "followActor" | "audience" | "postAuthor"
> &
  Partial<Pick<SocialDeliveryPayload, "target" | "followersOf" | "recipients">> & {
    published?: Date;
    objects?: string[];
    content?: string;
  };

/**
 * Who an Announce (or its Undo) is addressed to, from the share's audience;
 * an accepted answer likewise, from its question's audience (the followers
 * are then the question author's).
 */
function shareAddressing(fed: Context<Ctx>, payload: ActivityFacts) {
  const followers = fed.getFollowersUri(payload.followersOf?.handle ?? payload.actorHandle);
  const author = payload.postAuthor ? [new URL(payload.postAuthor)] : [];
  if (payload.audience === "public") {
    return { tos: [PUBLIC_COLLECTION], ccs: [followers, ...author] };
  }
  if (payload.audience === "followers") return { tos: [followers], ccs: author };
  // Unlisted, and an Undo (whose share's audience no longer matters).
  return { tos: [followers], ccs: [PUBLIC_COLLECTION, ...author] };
}

/** The activity itself (before any Undo), as the payload describes it. */
function activityOf(fed: Context<Ctx>, payload: ActivityFacts): Activity {
  const actor = fed.getActorUri(payload.actorHandle);
  const id = url(payload.id);
  const object = url(payload.object);
  const direct = (to: string | null) => ({ tos: to ? [new URL(to)] : [] });
  switch (payload.activity) {
    case "Like":
      return new Like({ id, actor, object, ...direct(payload.postAuthor) });
    case "Announce":
      return new Announce({
        id,
        actor,
        object,
        published: payload.published
          ? Temporal.Instant.fromEpochMilliseconds(payload.published.getTime())
          : Temporal.Now.instant(),
        ...shareAddressing(fed, payload),
      });
    case "Block":
      return new Block({ id, actor, object, ...direct(payload.object) });
    case "Accept":
    case "Reject": {
      // The Follow they sent us, named by its id when we kept it.
      const follow = new Follow({ id: object, actor: url(payload.followActor), object: actor });
      const values = { id, actor, object: follow, ...direct(payload.followActor) };
      return payload.activity === "Accept" ? new Accept(values) : new Reject(values);
    }
    case "Flag":
      // To the reported account's server: the account, then the reported posts,
      // from the instance actor (the reporting member is not named).
      return new Flag({
        id,
        actor: new URL(instanceActorUri(fed.data)),
        objects: [object, ...(payload.objects ?? []).map((uri) => new URL(uri))].filter(
          (u): u is URL => u !== null,
        ),
        content: payload.content || null,
        ...direct(payload.object),
      });
    case "AcceptAnswer": {
      // An Outloud extension (FEDERATION.md): the question's author accepted this answer.
      const addressing = payload.audience
        ? shareAddressing(fed, payload)
        : { tos: (payload.recipients ?? []).map((r) => new URL(r.uri)) };
      return new Accept({ id, actor, object, target: url(payload.target ?? null), ...addressing });
    }
    case "Move":
      return new Move({
        id,
        actor,
        object: actor,
        target: url(payload.target ?? null),
        tos: [fed.getFollowersUri(payload.actorHandle)],
      });
    case "Update":
      throw new Error("An Update carries the Person: build it with profileUpdate()");
  }
}

/** `Update` of the member's `Person` as it is now (null when the member is gone). */
async function profileUpdate(fed: Context<Ctx>, payload: ActivityFacts) {
  const profile = await localActorProfile(fed.data, payload.actorHandle);
  if (!profile) return null;
  const person = await personOf(fed, profile);
  return new Update({
    id: url(payload.id),
    actor: person.id,
    object: person,
    tos: [PUBLIC_COLLECTION],
    ccs: [fed.getFollowersUri(payload.actorHandle)],
  });
}

/** Sends a queued social activity (src/domain/federation/social-outgoing.ts) through Fedify. */
export async function sendSocialActivity(fed: Context<Ctx>, payload: SocialDeliveryPayload) {
  const followersOf = payload.followersOf?.id ?? payload.actorId;
  const followers = payload.toFollowers ? await remoteFollowers(fed.data, followersOf) : [];
  const seen = new Set<string>();
  const recipients = [...payload.recipients, ...followers].filter(
    (r) => !seen.has(r.uri) && seen.add(r.uri),
  );
  if (recipients.length === 0) return;
  if (payload.activity === "Update") {
    const update = await profileUpdate(fed, payload);
    if (!update) return;
    await fed.sendActivity({ identifier: payload.actorHandle }, recipientsOf(recipients), update, {
      preferSharedInbox: true,
    });
    return;
  }
  const inner = activityOf(fed, payload);
  // A forwarded report is signed by the instance actor, not the member.
  const sender =
    payload.activity === "Flag"
      ? await instanceSigner(fed.data)
      : { identifier: payload.actorHandle };
  const activity = payload.undo
    ? new Undo({
        id: url(payload.undoId),
        actor: fed.getActorUri(payload.actorHandle),
        object: inner,
        tos: inner.toIds,
        ccs: inner.ccIds,
      })
    : inner;
  await fed.sendActivity(sender, recipientsOf(recipients), activity, {
    preferSharedInbox: true,
  });
}

/**
 * Our `Like` and `Announce` ids are URLs that answer: the activity, to
 * anyone, when the share is public or unlisted and the post is one anyone
 * may open (`localReaction` decides); else 404.
 */
export function setupReactionObjects(federation: Federation<Ctx>) {
  const serve = (kind: "like" | "share") => async (fed: RequestContext<Ctx>, id: string) => {
    const reaction = await localReaction(fed.data, kind, id);
    if (!reaction) return null;
    return activityOf(fed, {
      activity: kind === "like" ? "Like" : "Announce",
      actorHandle: reaction.actorHandle,
      id: reaction.uri,
      object: reaction.object,
      followActor: null,
      audience: reaction.audience,
      postAuthor: reaction.postAuthor,
      published: reaction.createdAt,
    });
  };
  const like = serve("like");
  const share = serve("share");
  federation.setObjectDispatcher(Like, federationPaths.like, (fed, values) => like(fed, values.id));
  federation.setObjectDispatcher(Announce, federationPaths.share, (fed, values) =>
    share(fed, values.id),
  );
}
