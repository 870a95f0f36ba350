import type { Accept } from "@fedify/fedify/vocab";
import { receiveAcceptedAnswer } from "../../domain/federation/index.ts";
import { onAccept } from "./follows.ts";
import type { Fed } from "./shared.ts";

/**
 * `Accept` with a `target`: an Outloud extension (FEDERATION.md) saying the
 * actor accepted the answer `object` to the question `target`. Only the
 * author of the conversation's root may (the domain checks); anything else is
 * ignored. Undone (`Undo(Accept)`), the answer is no longer accepted.
 */
async function acceptedAnswer(fed: Fed, accept: Accept, accepted: boolean) {
  const actor = accept.actorId;
  const question = accept.targetId;
  const answer = accept.objectId;
  if (!actor || !question || !answer) return;
  await receiveAcceptedAnswer(fed.data, {
    actorUri: actor.href,
    questionUri: question.href,
    answerUri: answer.href,
    accepted,
  });
}

/** Every `Accept`: of our Follow (src/federation/inbox/follows.ts), or of an answer. */
export async function onAcceptActivity(fed: Fed, accept: Accept) {
  if (accept.targetId) return acceptedAnswer(fed, accept, true);
  return onAccept(fed, accept);
}

/** `Undo` of an answer's `Accept`, by the actor who accepted it. */
export async function onUndoAcceptedAnswer(fed: Fed, undoActor: URL, accept: Accept) {
  if (accept.actorId?.href !== undoActor.href || !accept.targetId) return;
  await acceptedAnswer(fed, accept, false);
}
