import { eq } from "drizzle-orm";
import { z } from "zod";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { parseInput } from "../accounts/members.ts";
import { type Ctx, transactional } from "../context.ts";
import { forbidden, invalid } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { notify } from "../notifications/notify.ts";
import type { CurrentUser } from "../viewer.ts";
import { findPost, postToActOn } from "./posts.ts";

const acceptSchema = z.object({
  questionId: z.string().refine(isUuid, "Choose a question"),
  answerId: z.string().refine(isUuid, "Choose an answer"),
});

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
    const question = await postToActOn(tx, user, questionId);
    if (!question.isQuestion) {
      throw invalid("That post is not a question.", { questionId: "Not a question" });
    }
    const rootId = question.conversationId ?? question.id;
    const root = await findPost(tx, user, rootId);
    if (root?.kind !== "entry" || root.authorId !== user.actorId) {
      throw forbidden(
        "Only the author of the entry this conversation is about can accept answers.",
      );
    }
    const answer = await postToActOn(tx, user, answerId);
    if (answer.inReplyToId !== question.id) {
      throw invalid("An accepted answer must be a reply to the question.", {
        answerId: "Not a reply to this question",
      });
    }
    if (question.kind === "entry") {
      await tx.db
        .update(entries)
        .set({ acceptedAnswerId: answer.id })
        .where(eq(entries.id, question.id));
    } else {
      await tx.db
        .update(remotePosts)
        .set({ acceptedAnswerId: answer.id })
        .where(eq(remotePosts.id, question.id));
    }
    if (answer.kind === "entry") {
      await notify(tx, {
        recipientId: answer.authorId,
        type: "answer_accepted",
        fromActorId: user.actorId,
        entryId: answer.id,
        dedupeKey: `answer_accepted:${answer.id}`,
      });
    }
    return { questionId: question.id, answerId: answer.id };
  });
}
