import type { TxCtx } from "../context.ts";
import { notify } from "./notify.ts";

/**
 * Tells a local member someone followed them (`follow`) or asked to
 * (`follow_request`, their account is locked). Local follows and the inbox
 * (remote follows) both call it, in the transaction that kept the follow.
 */
export function notifyFollow(
  tx: TxCtx,
  followerId: string,
  followedId: string,
  pending: boolean,
): Promise<string | null> {
  return notify(tx, {
    recipientId: followedId,
    type: pending ? "follow_request" : "follow",
    fromActorId: followerId,
  });
}
