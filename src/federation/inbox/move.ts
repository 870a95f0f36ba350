import { isActor, type Move } from "@fedify/fedify/vocab";
import { moveRemoteFollowers, remoteActorId } from "../../domain/federation/index.ts";
import { rememberActor } from "../remote-actors.ts";
import type { Fed } from "./shared.ts";

/**
 * A remote account moved: `Move` by the account itself (object = actor),
 * whose target, fetched from its own origin, lists the old account in
 * `alsoKnownAs`. Local followers then follow the new account.
 */
export async function onMove(fed: Fed, move: Move) {
  const oldUri = move.actorId;
  const newUri = move.targetId;
  if (!oldUri || !newUri || move.objectId?.href !== oldUri.href) return;
  if (newUri.href === oldUri.href) return;
  const oldId = await remoteActorId(fed.data, oldUri.href);
  if (!oldId) return;
  const target = await fed.lookupObject(newUri.href, { crossOrigin: "ignore" }).catch(() => null);
  if (!isActor(target) || target.id?.href !== newUri.href) return;
  if (!target.aliasIds.some((alias) => alias.href === oldUri.href)) return;
  const newId = await rememberActor(fed, target);
  if (!newId) return;
  await moveRemoteFollowers(fed.data, { oldId, newId, newUri: newUri.href });
}
