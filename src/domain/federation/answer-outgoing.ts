import { sql } from "drizzle-orm";
import type { TxCtx } from "../context.ts";
import { newId } from "../ids.ts";
import type { RemoteRecipient } from "./follows.ts";
import { distinctRecipients, localActorUri } from "./references.ts";
import { type Draft, hasRemoteFollowers, postSql } from "./social-outgoing.ts";

interface QuestionRow extends Record<string, unknown> {
  uri: string | null;
  author_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  remote: boolean;
  audience: string | null;
  author_id: string | null;
  author_handle: string | null;
}

interface AnswerRow extends Record<string, unknown> {
  uri: string | null;
  author_uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
  remote: boolean;
}

const recipient = (row: AnswerRow): RemoteRecipient[] =>
  row.remote && row.author_uri && row.inbox_url
    ? [{ uri: row.author_uri, inboxUrl: row.inbox_url, sharedInboxUrl: row.shared_inbox_url }]
    : [];

/** The remote actors a direct entry mentions (its whole audience elsewhere). */
async function mentionedRemotes(tx: TxCtx, entryId: string): Promise<RemoteRecipient[]> {
  const rows = await tx.db.execute<{
    uri: string;
    inbox_url: string;
    shared_inbox_url: string | null;
  }>(sql`select a.uri, a.inbox_url, a.shared_inbox_url from entry_mentions m
    join actors a on a.id = m.actor_id
    where m.entry_id = ${entryId} and a.host is not null and a.inbox_url is not null`);
  return rows.map((r) => ({
    uri: r.uri,
    inboxUrl: r.inbox_url,
    sharedInboxUrl: r.shared_inbox_url,
  }));
}

/**
 * `Accept` of an answer (or `Undo` of it, when the accepted answer is
 * cleared): object = the answer's id, target = the question's id. It goes to
 * the answer's author and where the question went, never further: a local
 * question's author's followers (public, unlisted, followers-only), or only
 * its mentioned accounts (direct); a remote question's author alone.
 */
export async function acceptAnswerDraft(
  tx: TxCtx,
  handle: string,
  input: { questionId: string; answerId: string; undo: boolean },
): Promise<Draft | null> {
  const [question] = await tx.db.execute<QuestionRow>(sql`
    select p.*, e.audience, e.author_id, ea.handle as author_handle
    from (${postSql(tx, input.questionId, input.questionId)}) p
    left join entries e on e.id = ${input.questionId}::uuid and e.status = 'published'
    left join actors ea on ea.id = e.author_id
    `);
  const [answer] = await tx.db.execute<AnswerRow>(postSql(tx, input.answerId, input.answerId));
  if (!question?.uri || !answer?.uri) return null;
  if (!question.remote && (!question.audience || question.audience === "private")) return null;
  const recipients = [...recipient(answer)];
  let audience: Draft["audience"] = null;
  let followersOf: Draft["followersOf"] = null;
  let toFollowers = false;
  if (question.remote) {
    recipients.push(...recipient(question));
  } else if (question.audience === "direct") {
    recipients.push(...(await mentionedRemotes(tx, input.questionId)));
  } else if (question.author_id && question.author_handle) {
    audience = question.audience as "public" | "unlisted" | "followers";
    followersOf = { id: question.author_id, handle: question.author_handle };
    toFollowers = await hasRemoteFollowers(tx, question.author_id);
  }
  return {
    activity: "AcceptAnswer",
    undo: input.undo,
    id: `${localActorUri(tx, handle)}#accepts/${newId()}`,
    object: answer.uri,
    target: question.uri,
    followActor: null,
    audience,
    postAuthor: answer.remote ? answer.author_uri : null,
    toFollowers,
    followersOf,
    recipients: distinctRecipients(recipients),
  };
}
