import type { Context } from "@fedify/fedify";
import {
  Accept,
  type Actor,
  Delete,
  Follow,
  isActor,
  PUBLIC_COLLECTION,
  Tombstone,
  Undo,
} from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import {
  type DeliveryPlan,
  deliverInBatches,
  type FollowRemotePayload,
  isUuid,
  type RemoteRecipient,
  recordFollowRequest,
  type UnfollowRemotePayload,
} from "../domain/federation/index.ts";
import { webFingerActorUri } from "./lookup-webfinger.ts";
import { MediaCreate, MediaUpdate } from "./object-media-extras.ts";
import { objectOf } from "./objects.ts";
import { rememberActor } from "./remote-actors.ts";

/** Our Follow's id names who follows whom: `<actor>#follows/<followed actor id>`. */
export function followUri(fed: Context<Ctx>, handle: string, followedId: string): URL {
  return new URL(`#follows/${followedId}`, fed.getActorUri(handle));
}

/** Reads back a Follow id we minted, or null when it is not ours. */
export function followIdentity(fed: Context<Ctx>, uri: URL) {
  const match = /^#follows\/(.+)$/.exec(uri.hash);
  const followedId = match?.[1];
  const parsed = fed.parseUri(new URL(uri.href.replace(uri.hash, "")));
  if (!followedId || !isUuid(followedId) || parsed?.type !== "actor") return null;
  return { handle: parsed.identifier, followedId };
}

export async function sendAccept(
  fed: Context<Ctx>,
  handle: string,
  follower: Actor,
  follow: Follow,
) {
  const actor = fed.getActorUri(handle);
  await fed.sendActivity(
    { identifier: handle },
    follower,
    new Accept({ id: new URL(`#accepts/${crypto.randomUUID()}`, actor), actor, object: follow }),
  );
}

/**
 * Finds an account by `@user@host` or by its URL. WebFinger goes through our
 * SSRF guard (src/federation/lookup-webfinger.ts), then the actor through
 * Fedify's document loader (the guard too).
 */
export async function lookupAccount(
  fed: Context<Ctx>,
  address: string,
  /** Other loaders (a signed lookup: src/federation/lookup.ts). */
  options?: Parameters<Context<Ctx>["lookupObject"]>[1],
) {
  const acct = /^(?:acct:|@)?([^@/:\s]+)@([^@/\s]+)$/.exec(address);
  let uri: string | null = address;
  if (acct?.[1] && acct[2]) {
    uri = await webFingerActorUri(fed.data, { user: acct[1], host: acct[2] });
  }
  return uri ? fed.lookupObject(uri, options).catch(() => null) : null;
}

/** Looks the account up, keeps it, records the pending follow and sends `Follow`. */
export async function sendFollow(fed: Context<Ctx>, payload: FollowRemotePayload) {
  const target = await lookupAccount(fed, payload.address);
  if (!isActor(target) || !target.id) {
    fed.data.log.warning("No account found at {address}", { address: payload.address });
    return;
  }
  const followedId = await rememberActor(fed, target);
  if (!followedId) return;
  await recordFollowRequest(fed.data, payload.followerId, followedId);
  await fed.sendActivity(
    { identifier: payload.followerHandle },
    target,
    new Follow({
      id: followUri(fed, payload.followerHandle, followedId),
      actor: fed.getActorUri(payload.followerHandle),
      object: target.id,
    }),
  );
}

/** Withdraws our Follow (the same id we sent), so the remote side drops the follow. */
export async function sendUnfollow(fed: Context<Ctx>, payload: UnfollowRemotePayload) {
  const actor = fed.getActorUri(payload.followerHandle);
  const followed = new URL(payload.followedUri);
  await fed.sendActivity(
    { identifier: payload.followerHandle },
    { id: followed, inboxId: new URL(payload.inboxUrl) },
    new Undo({
      id: new URL(`#undo-follows/${payload.followedId}/${Date.now()}`, actor),
      actor,
      object: new Follow({
        id: followUri(fed, payload.followerHandle, payload.followedId),
        actor,
        object: followed,
      }),
    }),
  );
}

/** Remote actors as Fedify's recipients (their shared inboxes preferred). */
export function recipientsOf(list: RemoteRecipient[]) {
  return list.map((r) => ({
    id: new URL(r.uri),
    inboxId: new URL(r.inboxUrl),
    endpoints: r.sharedInboxUrl ? { sharedInbox: new URL(r.sharedInboxUrl) } : null,
  }));
}

/** The activity a delivery plan calls for. */
function activityOf(fed: Context<Ctx>, plan: Exclude<DeliveryPlan, { action: "none" }>) {
  const actor = fed.getActorUri(plan.authorHandle);
  if (plan.action === "delete" || !plan.entry) {
    const id = new URL(`/@${plan.authorHandle}/${plan.entryId}`, fed.data.config.publicUrl);
    // A direct entry's deletion is addressed like the entry: to its recipients only.
    const addressing = plan.direct
      ? { tos: plan.addressees.map((r) => new URL(r.uri)) }
      : { tos: [PUBLIC_COLLECTION], ccs: [fed.getFollowersUri(plan.authorHandle)] };
    return new Delete({
      id: new URL(`#delete`, id),
      actor,
      ...addressing,
      object: new Tombstone({ id }),
    });
  }
  const object = objectOf(fed, plan.entry, plan.references);
  const values = { actor, tos: object.toIds, ccs: object.ccIds, object };
  // Media* put the attachments' blurhash and focal point on the wire (and in the signatures).
  if (plan.action === "create") {
    return new MediaCreate({ ...values, id: new URL(`${object.id?.href}#create`) });
  }
  // Each edit is its own activity: receivers drop an activity id they already processed.
  const stamp = plan.entry.updatedAt.getTime();
  return new MediaUpdate({ ...values, id: new URL(`${object.id?.href}#update-${stamp}`) });
}

/**
 * Sends a plan's activity: built once, then expanded in batches by the
 * domain (`deliverInBatches`): each batch is signed and written as one
 * delivery message per inbox (shared inboxes first) for Fedify's outbox
 * queue, which retries each inbox on its own. Already in a background job,
 * so Fedify's own fan-out message is skipped (`fanout: "skip"`).
 */
export async function sendEntryActivity(
  fed: Context<Ctx>,
  plan: DeliveryPlan,
  job: { id: string; payload: unknown },
) {
  if (plan.action === "none") return;
  const activity = activityOf(fed, plan);
  await deliverInBatches(fed.data, job, plan, async (recipients) => {
    await fed.sendActivity({ identifier: plan.authorHandle }, recipientsOf(recipients), activity, {
      preferSharedInbox: true,
      fanout: "skip",
    });
  });
}
