import type { Ctx } from "../../domain/context.ts";
import { isDomainBlocked } from "../../domain/moderation/index.ts";
import { actorIdOf, type ReceivedPost } from "./received-post.ts";

/** The hosts of the keys an inbox POST says it is signed with (draft-cavage and RFC 9421). */
function keyHosts(received: Headers): string[] {
  const headers = `${received.get("signature") ?? ""} ${received.get("signature-input") ?? ""}`;
  const hosts: string[] = [];
  for (const match of headers.matchAll(/keyid="([^"]{1,2048})"/gi)) {
    try {
      hosts.push(new URL(match[1] ?? "").host);
    } catch {
      // Not a URL: Fedify refuses the signature itself.
    }
  }
  return hosts;
}

/** The host of the activity's `actor`, read from the parsed body (no JSON-LD, no fetch). */
function actorHost(body: unknown): string | null {
  const id = actorIdOf(body);
  try {
    return id ? new URL(id).host : null;
  } catch {
    return null;
  }
}

/**
 * Whether an inbox POST comes from a server the admin blocked, by its
 * signing key's host or its actor's host: such activities are answered 202
 * and dropped before Fedify verifies or parses anything.
 */
export async function fromBlockedServer(ctx: Ctx, post: ReceivedPost): Promise<boolean> {
  for (const host of keyHosts(post.headers)) {
    if (await isDomainBlocked(ctx, host)) return true;
  }
  const host = actorHost(post.body);
  return host !== null && (await isDomainBlocked(ctx, host));
}
