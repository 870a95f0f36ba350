import type { Context } from "hono";
import { remoteAccount, remoteAddressOf } from "../../../domain/federation/index.ts";
import { lookupRemoteAccount } from "../../../federation/lookup.ts";
import type { AppEnv } from "../../env.ts";
import type { Html } from "../../layout.ts";
import { remoteAccountCard, remoteNotFound } from "../../views/remote-account.ts";

/**
 * For a query that is exactly `@user@host` or a profile URL on another
 * server: looks the account up there and shows it first. Signed-in members
 * only, so a visitor's search never makes this server fetch anything.
 */
export async function remoteAccountResult(c: Context<AppEnv>, q: string): Promise<Html | null> {
  const user = c.get("user");
  if (!user) return null;
  const ctx = c.get("ctx");
  const address = remoteAddressOf(ctx, q);
  if (!address) return null;
  const id = await lookupRemoteAccount(ctx, address);
  if (!id) return remoteNotFound(address);
  return remoteAccountCard(await remoteAccount(ctx, user, id));
}
