import type { Ctx } from "../../domain/context.ts";
import { isDomainBlocked } from "../../domain/moderation/index.ts";

/** The hosts of the keys an inbox POST says it is signed with (draft-cavage and RFC 9421). */
function keyHosts(request: Request): string[] {
  const headers = `${request.headers.get("signature") ?? ""} ${request.headers.get("signature-input") ?? ""}`;
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

/** The host of the activity's `actor`, read from a copy of the body (no JSON-LD, no fetch). */
async function actorHost(request: Request): Promise<string | null> {
  try {
    const body = (await request.clone().json()) as { actor?: unknown };
    const actor = body.actor;
    const id =
      typeof actor === "string"
        ? actor
        : actor && typeof actor === "object" && "id" in actor
          ? String(actor.id)
          : null;
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
export async function fromBlockedServer(ctx: Ctx, request: Request): Promise<boolean> {
  for (const host of keyHosts(request)) {
    if (await isDomainBlocked(ctx, host)) return true;
  }
  const host = await actorHost(request);
  return host !== null && (await isDomainBlocked(ctx, host));
}
