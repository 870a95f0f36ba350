import { type Actor, type Create, isActor, type Update } from "@fedify/fedify/vocab";
import { remoteActorId } from "../../domain/federation/index.ts";
import { rememberActor } from "../remote-actors.ts";
import { freshDocumentLoader } from "../safe-document-loader.ts";
import type { Fed } from "./shared.ts";

/**
 * `Update` of an actor we keep (a profile change): the embedded `Person` is
 * trusted only when it is the activity's own actor and the activity comes
 * from that actor's origin (the signature covers it); anything else makes us
 * fetch the actor from its origin instead. Unknown actors are not stored.
 */
export async function onActorUpdate(fed: Fed, activity: Create | Update, object: Actor) {
  const actor = activity.actorId;
  if (!actor || !(await remoteActorId(fed.data, actor.href))) return;
  const embeddedIsActor = object.id?.href === actor.href && activity.id?.origin === actor.origin;
  if (embeddedIsActor) {
    await rememberActor(fed, object);
    return;
  }
  // Fresh from its origin: Fedify's cached copy is what the Update was meant to replace.
  const fetched = await fed
    .lookupObject(actor.href, { documentLoader: freshDocumentLoader(fed.data) })
    .catch(() => null);
  if (isActor(fetched) && fetched.id?.href === actor.href) await rememberActor(fed, fetched);
}
