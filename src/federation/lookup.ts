import { isActor } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { remoteAddressOf } from "../domain/federation/index.ts";
import { federationContext } from "./federation.ts";
import { lookupAccount } from "./outgoing.ts";
import { rememberActor } from "./remote-actors.ts";

/**
 * Looks a remote account up by `@user@host` or its URL (the same lookup a
 * follow uses) and keeps it as `sendFollow` does; returns our id for it, or
 * null when the text is no remote address or nothing answers as an account.
 * Never throws: search shows a quiet note instead.
 */
export async function lookupRemoteAccount(ctx: Ctx, text: string): Promise<string | null> {
  const address = remoteAddressOf(ctx, text);
  if (!address) return null;
  try {
    const fed = federationContext(ctx);
    const found = await lookupAccount(fed, address);
    if (!isActor(found) || !found.id) return null;
    return await rememberActor(fed, found);
  } catch (error) {
    ctx.log.warning("Looking up {address} failed: {error}", { address, error });
    return null;
  }
}
