import { sql } from "drizzle-orm";
import type { TxCtx } from "../context.ts";
import { newId } from "../ids.ts";
import { localActorUri } from "./references.ts";
import { type Draft, hasRemoteFollowers } from "./social-outgoing.ts";

/**
 * `Move` of a member to the account `actors.moved_to_id` names (actor =
 * object = the member, target = the new account), to their remote followers,
 * whose servers then follow the new account. Nothing when the member has not
 * moved (the move was undone before the job was queued) or has no remote
 * followers.
 */
export async function moveDraft(tx: TxCtx, actorId: string, handle: string): Promise<Draft | null> {
  const [row] = await tx.db.execute<{ uri: string | null }>(sql`
    select t.uri from actors a join actors t on t.id = a.moved_to_id
    where a.id = ${actorId} and a.host is null`);
  if (!row?.uri || !(await hasRemoteFollowers(tx, actorId))) return null;
  const actor = localActorUri(tx, handle);
  return {
    activity: "Move",
    undo: false,
    id: `${actor}#moves/${newId()}`,
    object: actor,
    target: row.uri,
    followActor: null,
    audience: null,
    postAuthor: null,
    toFollowers: true,
    recipients: [],
  };
}
