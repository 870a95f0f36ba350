import type { Ctx } from "../domain/context.ts";
import {
  DELIVER_ENTRY_JOB,
  FEDIFY_MESSAGE_JOB,
  FOLLOW_REMOTE_JOB,
  type FollowRemotePayload,
  planEntryDelivery,
  recordEntryDelivery,
  SOCIAL_DELIVERY_JOB,
  type SocialDeliveryPayload,
  UNFOLLOW_REMOTE_JOB,
  type UnfollowRemotePayload,
} from "../domain/federation/index.ts";
import { runFedifyMessage } from "./delivery-http.ts";
import { federationContext, federationFor } from "./federation.ts";
import { withSignerOf } from "./inbox/signer-scope.ts";
import { sendEntryActivity, sendFollow, sendUnfollow } from "./outgoing.ts";
import { sendSocialActivity } from "./outgoing-social.ts";

/** A job as the queue hands it over (its id names the job's own row). */
type Handler = (payload: unknown, job: { id: string; payload: unknown }) => Promise<void>;

/**
 * The federation layer's job handlers, registered by the composition root
 * (src/boot.ts) beside the domain's: the domain queues the work in its own
 * transaction without knowing Fedify; these turn it into activities.
 */
export function federationJobHandlers(ctx: Ctx): Record<string, Handler> {
  return {
    [FEDIFY_MESSAGE_JOB]: async (message) => {
      // Fedify's own message (fan-out, one delivery, one received activity); it retries itself.
      // Deliveries' connections go through the SSRF guard (src/federation/delivery-http.ts).
      // A received activity from the inbox's fast path carries its verified signer.
      await runFedifyMessage(ctx, message, () =>
        withSignerOf(message, () => federationFor(ctx).processQueuedTask(ctx, message as never)),
      );
    },
    [DELIVER_ENTRY_JOB]: async (payload, job) => {
      const plan = await planEntryDelivery(ctx, payload);
      if (plan.action === "none") return;
      // The first stage of the fan-out: per-inbox delivery messages, in batches.
      await sendEntryActivity(federationContext(ctx), plan, job);
      await recordEntryDelivery(ctx, plan);
    },
    [FOLLOW_REMOTE_JOB]: async (payload) => {
      await sendFollow(federationContext(ctx), payload as FollowRemotePayload);
    },
    [UNFOLLOW_REMOTE_JOB]: async (payload) => {
      await sendUnfollow(federationContext(ctx), payload as UnfollowRemotePayload);
    },
    [SOCIAL_DELIVERY_JOB]: async (payload) => {
      // Like, Announce, Block, Accept, Reject or their Undo (queued by the domain).
      await sendSocialActivity(federationContext(ctx), payload as SocialDeliveryPayload);
    },
  };
}
