import { isActor } from "@fedify/fedify/vocab";
import type { Ctx } from "../domain/context.ts";
import { invalid } from "../domain/errors.ts";
import { moveAccount, remoteAddressOf, setAccountAliases } from "../domain/federation/index.ts";
import type { CurrentUser } from "../domain/viewer.ts";
import { federationContext } from "./federation.ts";
import { lookupAccount } from "./outgoing.ts";
import { rememberActor } from "./remote-actors.ts";
import { freshDocumentLoader } from "./safe-document-loader.ts";

/**
 * The account at `@user@host` (or its URL), found by WebFinger and then
 * fetched fresh from its origin (a cached copy may predate the alias the
 * member just added there), kept in `actors`; null when nothing answers.
 */
async function freshRemoteAccount(ctx: Ctx, address: string) {
  const fed = federationContext(ctx);
  const found = await lookupAccount(fed, address).catch(() => null);
  if (!isActor(found) || !found.id) return null;
  const fresh = await fed
    .lookupObject(found.id.href, { documentLoader: freshDocumentLoader(ctx) })
    .catch(() => null);
  const actor = isActor(fresh) && fresh.id?.href === found.id.href ? fresh : found;
  const id = await rememberActor(fed, actor);
  return id && actor.id ? { id, uri: actor.id.href } : null;
}

function addressOf(ctx: Ctx, text: string, field: string): string {
  const address = remoteAddressOf(ctx, text);
  if (!address) {
    throw invalid("Enter an account on another server, like @you@example.social.", {
      [field]: "Enter @user@host or the account's URL",
    });
  }
  return address;
}

/**
 * "Move to another account": resolves `@user@host`, checks it lists the
 * member as an alias (`moveAccount` refuses otherwise) and moves.
 */
export async function moveToRemoteAccount(ctx: Ctx, user: CurrentUser, text: string) {
  const address = addressOf(ctx, text, "account");
  const account = await freshRemoteAccount(ctx, address);
  if (!account) {
    throw invalid(`No account found at ${address}.`, { account: "No account found" });
  }
  await moveAccount(ctx, user, account.id);
  return account;
}

/**
 * Sets the member's aliases from addresses (one per line): each resolved to
 * its actor id, so another server checking a `Move` here finds it.
 */
export async function setAliasesFromAddresses(ctx: Ctx, user: CurrentUser, text: string) {
  const lines = text
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter(Boolean);
  const uris: string[] = [];
  for (const line of lines.slice(0, 20)) {
    const account = await freshRemoteAccount(ctx, addressOf(ctx, line, "aliases"));
    if (!account) throw invalid(`No account found at ${line}.`, { aliases: `Not found: ${line}` });
    uris.push(account.uri);
  }
  await setAccountAliases(ctx, user, uris);
  return uris;
}
