import { eq, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { type Ctx, transactional } from "../context.ts";
import { notify } from "../notifications/notify.ts";
import { remoteActorId } from "./actors.ts";
import { findPostByUri } from "./inbox-targets.ts";

/** An `Accept` (or its `Undo`) of an answer, as the inbox read it. */
export interface IncomingAcceptedAnswer {
  /** The activity's actor (verified by its signature). */
  actorUri: string;
  questionUri: string;
  answerUri: string;
  /** false for `Undo(Accept)`: the answer is no longer the accepted one. */
  accepted: boolean;
}

/**
 * A remote author accepted an answer in a conversation they started (or
 * withdrew it). Only the author of the conversation's root — the question
 * itself when it is the root — may; the answer must reply to the question.
 * The stored question (our entry, or the remote post we keep) is updated and
 * the answer's local author is told (`answer_accepted`, once per answer).
 * Anything else is ignored: returns whether something changed.
 */
export async function receiveAcceptedAnswer(
  ctx: Ctx,
  input: IncomingAcceptedAnswer,
): Promise<boolean> {
  const actorId = await remoteActorId(ctx, input.actorUri);
  if (!actorId) return false;
  const question = await findPostByUri(ctx, input.questionUri, actorId);
  const answer = await findPostByUri(ctx, input.answerUri, actorId);
  if (!question || !answer) return false;
  return transactional(ctx, async (tx) => {
    const [facts] = await tx.db.execute<{ root_author: string | null; answers: boolean }>(sql`
      select
        (select author_id from entries where id = ${question.conversationId}
          union all select author_id from remote_posts where id = ${question.conversationId}
          limit 1) as root_author,
        exists (select 1 from entries where id = ${answer.id}
            and ${question.id} in (in_reply_to_entry_id, in_reply_to_remote_id)
          union all select 1 from remote_posts where id = ${answer.id}
            and ${question.id} in (in_reply_to_entry_id, in_reply_to_remote_id)) as answers`);
    if (facts?.root_author !== actorId || !facts.answers) return false;
    const table = question.kind === "entry" ? entries : remotePosts;
    if (input.accepted) {
      await tx.db
        .update(table)
        .set({ acceptedAnswerId: answer.id })
        .where(eq(table.id, question.id));
      // Our copy of a remote question may not know it is one (a root carries no `#question`).
      if (question.kind === "remote") {
        await tx.db
          .update(remotePosts)
          .set({ isQuestion: true })
          .where(eq(remotePosts.id, question.id));
      }
    } else {
      const cleared = await tx.db
        .update(table)
        .set({ acceptedAnswerId: null })
        .where(sql`${table.id} = ${question.id} and ${table.acceptedAnswerId} = ${answer.id}`)
        .returning({ id: table.id });
      return cleared.length > 0;
    }
    if (answer.kind === "entry") {
      await notify(tx, {
        recipientId: answer.authorId,
        type: "answer_accepted",
        fromActorId: actorId,
        entryId: answer.id,
        dedupeKey: `answer_accepted:${answer.id}`,
      });
    }
    return true;
  });
}
