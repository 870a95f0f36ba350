import type { InboxContext } from "@fedify/fedify";
import type { Ctx } from "../../domain/context.ts";
import { localActorProfile } from "../../domain/federation/index.ts";

export type Fed = InboxContext<Ctx>;

/** The local member an actor URI names, or null. */
export async function localActorAt(fed: Fed, uri: URL | null) {
  const parsed = uri ? fed.parseUri(uri) : null;
  if (parsed?.type !== "actor") return null;
  return localActorProfile(fed.data, parsed.identifier);
}

/** The handles of our members among these URIs (actor ids of ours only). */
export function localHandlesIn(fed: Fed, uris: readonly (URL | null)[]): string[] {
  const handles = new Set<string>();
  for (const uri of uris) {
    const parsed = uri ? fed.parseUri(uri) : null;
    if (parsed?.type === "actor") handles.add(parsed.identifier);
  }
  return [...handles];
}

/** A Temporal instant (Fedify's dates) as a Date. */
export const dateOf = (instant: { epochMilliseconds: number } | null) =>
  instant ? new Date(instant.epochMilliseconds) : null;
