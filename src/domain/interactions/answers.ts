import { eq } from "drizzle-orm";
import { z } from "zod";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { forbidden, invalid } from "../errors.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import { isUuid } from "../ids.ts";
import { notify } from "../notifications/notify.ts";
import type { CurrentUser } from "../viewer.ts";
import { findPost, postToActOn } from "./posts.ts";

const acceptSchema = z.object({
  questionId: z.string().refine(isUuid, "Choose a question"),
  answerId: z.string().refine(isUuid, "Choose an answer"),
});

/** The question, when `user` authored the entry its conversation is about (else refused). */
async function questionToAnswer(tx: TxCtx, user: CurrentUser, questionId: string) {
  const question = await postToActOn(tx, user, questionId);
  if (!question.isQuestion) {
    throw invalid("That post is not a question.", { questionId: "Not a question" });
  }
  const rootId = question.conversationId ?? question.id;
  const root = await findPost(tx, user, rootId);
  if (root?.kind !== "entry" || root.authorId !== user.actorId) {
    throw forbidden("Only the author of the entry this conversation is about can accept answers.");
  }
  return question;
}

async function setAccepted(
  tx: TxCtx,
  question: { kind: "entry" | "remote"; id: string },
  answerId: string | null,
) {
  const table = question.kind === "entry" ? entries : remotePosts;
  await tx.db.update(table).set({ acceptedAnswerId: answerId }).where(eq(table.id, question.id));
}

/**
 * Marks `answerId` as the accepted answer to the question `questionId`. Only
 * the author of the entry that started the conversation may do it; the
 * answer must reply to the question itself. Accepting another answer later
 * replaces the first. The answer's author (when local) is told.
 */
export async function acceptAnswer(
  ctx: Ctx,
  user: CurrentUser,
  input: { questionId: string; answerId: string },
): Promise<{ questionId: string; answerId: string }> {
  const { questionId, answerId } = parseInput(acceptSchema, input);
  return transactional(ctx, async (tx) => {
    const question = await questionToAnswer(tx, user, questionId);
    const answer = await postToActOn(tx, user, answerId);
    if (answer.inReplyToId !== question.id) {
      throw invalid("An accepted answer must be a reply to the question.", {
        answerId: "Not a reply to this question",
      });
    }
    await setAccepted(tx, question, answer.id);
    if (answer.kind === "entry") {
      await notify(tx, {
        recipientId: answer.authorId,
        type: "answer_accepted",
        fromActorId: user.actorId,
        entryId: answer.id,
        dedupeKey: `answer_accepted:${answer.id}`,
      });
    }
    // Other servers learn it too (an `Accept` of the answer; FEDERATION.md).
    await queueSocialDelivery(tx, {
      type: "accept-answer",
      actorId: user.actorId,
      questionId: question.id,
      answerId: answer.id,
      undo: false,
    });
    return { questionId: question.id, answerId: answer.id };
  });
}

/**
 * Clears the accepted answer of a question (the same people may as accept
 * one); other servers get `Undo` of the `Accept`. Nothing to do when none is
 * accepted.
 */
export async function clearAcceptedAnswer(
  ctx: Ctx,
  user: CurrentUser,
  input: { questionId: string },
): Promise<void> {
  const { questionId } = parseInput(acceptSchema.pick({ questionId: true }), input);
  await transactional(ctx, async (tx) => {
    const question = await questionToAnswer(tx, user, questionId);
    if (!question.acceptedAnswerId) return;
    await setAccepted(tx, question, null);
    await queueSocialDelivery(tx, {
      type: "accept-answer",
      actorId: user.actorId,
      questionId: question.id,
      answerId: question.acceptedAnswerId,
      undo: true,
    });
  });
}
