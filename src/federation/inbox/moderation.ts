import type { Block, Flag } from "@fedify/fedify/vocab";
import {
  receiveBlock,
  receiveFlag,
  remoteActorId,
  undoRemoteBlock,
} from "../../domain/federation/index.ts";
import { actorIdOf } from "../remote-actors.ts";
import { type Fed, localActorAt, localHandlesIn } from "./shared.ts";

/** A remote account blocks a member: kept as a block; follows between them end. */
export async function onBlock(fed: Fed, block: Block) {
  const local = await localActorAt(fed, block.objectId);
  if (!local) return;
  const actorId = await actorIdOf(fed, block);
  if (!actorId) return;
  await receiveBlock(fed.data, { actorId, targetId: local.id, uri: block.id?.href ?? null });
}

/** `Undo(Block)`, by the blocker itself. */
export async function onUndoBlock(fed: Fed, undoActor: URL, block: Block) {
  if (block.actorId?.href !== undoActor.href) return;
  const local = await localActorAt(fed, block.objectId);
  const actorId = await remoteActorId(fed.data, undoActor.href);
  if (local && actorId) await undoRemoteBlock(fed.data, actorId, local.id);
}

/** A report from another server (`Flag`) about a member and maybe some of their entries. */
export async function onFlag(fed: Fed, flag: Flag) {
  if (!flag.id) return;
  const objects = flag.objectIds;
  const reporterId = await actorIdOf(fed, flag);
  await receiveFlag(fed.data, {
    uri: flag.id.href,
    reporterId,
    memberHandles: localHandlesIn(fed, objects),
    objectUris: objects.map((id) => id.href),
    comment: flag.content?.toString() ?? "",
  });
}
