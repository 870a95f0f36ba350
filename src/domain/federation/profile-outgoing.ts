import { sql } from "drizzle-orm";
import type { TxCtx } from "../context.ts";
import { instanceActorUri, localActorUri } from "./references.ts";
import type { Draft } from "./social-outgoing.ts";
import { hasRemoteFollowers } from "./social-outgoing.ts";

const base = {
  undo: false,
  followActor: null,
  audience: null,
  postAuthor: null,
} as const;

/**
 * `Update` of the member's `Person`, to their remote followers. The Person is
 * built when the job runs, so a save while an earlier Update still waits in
 * the queue adds nothing: that one will carry the latest profile. The waiting
 * job is locked until this transaction ends, so a worker cannot take it (and
 * read the profile) before this change is committed; one it already took is
 * `running` and a new Update is queued.
 */
export async function updateProfileDraft(
  tx: TxCtx,
  actorId: string,
  handle: string,
): Promise<Draft | null> {
  if (!(await hasRemoteFollowers(tx, actorId))) return null;
  const waiting = await tx.db.execute(sql`select 1 from jobs
    where kind = 'federation-social' and state = 'pending'
      and payload->>'activity' = 'Update' and payload->>'actorId' = ${actorId}
    limit 1 for update`);
  if (waiting.length > 0) return null;
  const actor = localActorUri(tx, handle);
  return {
    ...base,
    activity: "Update",
    id: `${actor}#updates/${crypto.randomUUID()}`,
    object: actor,
    toFollowers: true,
    recipients: [],
  };
}

interface FlagRow extends Record<string, unknown> {
  comment: string;
  target_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  post_uris: string[] | null;
}

/**
 * A report about a remote account, forwarded to its server as `Flag`:
 * object = the account and the reported posts' ids, content = the comment.
 * Nothing for a local target (its server is this one).
 */
export async function flagDraft(tx: TxCtx, reportId: string): Promise<Draft | null> {
  const [row] = await tx.db.execute<FlagRow>(sql`
    select r.comment, a.uri as target_uri, a.inbox_url, a.shared_inbox_url,
      (select array_agg(p.uri order by p.uri) from remote_posts p
        where p.id = any(r.post_ids) and p.author_id = a.id) as post_uris
    from reports r join actors a on a.id = r.target_id and a.host is not null
    where r.id = ${reportId}`);
  if (!row?.target_uri || !row.inbox_url) return null;
  const recipient = {
    uri: row.target_uri,
    inboxUrl: row.inbox_url,
    sharedInboxUrl: row.shared_inbox_url,
  };
  return {
    ...base,
    activity: "Flag",
    // Sent by the instance actor: the reporting member is not named to the other server.
    id: `${instanceActorUri(tx)}#flags/${reportId}`,
    object: row.target_uri,
    objects: row.post_uris ?? [],
    content: row.comment,
    toFollowers: false,
    recipients: [recipient],
  };
}
