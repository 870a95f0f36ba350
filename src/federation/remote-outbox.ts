import { Create, isActor } from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Ctx } from "../domain/context.ts";
import { keepOutboxPost, postgresKvStore } from "../domain/federation/index.ts";
import { isDomainBlocked } from "../domain/moderation/index.ts";
import { federationContext } from "./federation.ts";
import { incomingPost, isPostObject } from "./inbox/post-data.ts";
import type { Fed } from "./inbox/shared.ts";
import { rememberActor } from "./remote-actors.ts";
import { freshDocumentLoader } from "./safe-document-loader.ts";

/** What opening a remote profile found: their latest posts, or no answer from their server. */
export type OutboxOutcome = "fetched" | "unreachable";

/** The first page of an outbox is enough for a profile; older posts stay there. */
const MAX_ITEMS = 20;
/** Each document fetch gives up after this long, and all of them after TOTAL (the page waits). */
const FETCH_TIMEOUT_MS = 5000;
const TOTAL_MS = 8000;
/** One fetch per account per 10 minutes (a failure is retried after a minute). */
const FRESH = Temporal.Duration.from({ minutes: 10 });
const RETRY = Temporal.Duration.from({ minutes: 1 });

async function fetchOutbox(ctx: Ctx, account: { id: string; uri: string }) {
  const fed = federationContext(ctx);
  const options = {
    // Signed as the instance actor: servers with authorized fetch answer only signed GETs.
    documentLoader: freshDocumentLoader(ctx, {
      timeoutMs: FETCH_TIMEOUT_MS,
      deadline: AbortSignal.timeout(TOTAL_MS),
    }),
    contextLoader: fed.contextLoader,
  };
  const actor = await fed.lookupObject(account.uri, options);
  if (!isActor(actor) || actor.id?.href !== account.uri) return "unreachable";
  // Their profile may have changed too: keep what they publish now.
  const authorId = (await rememberActor(fed, actor)) ?? account.id;
  const outbox = await actor.getOutbox(options);
  if (!outbox) return "fetched";
  const page = (await outbox.getFirst(options)) ?? outbox;
  let seen = 0;
  for await (const item of page.getItems(options)) {
    if (++seen > MAX_ITEMS) break;
    if (!(item instanceof Create)) continue;
    const object = await item.getObject(options).catch(() => null);
    // Only the account's own posts, from its own origin.
    if (!isPostObject(object) || !object.id || object.id.origin !== actor.id.origin) continue;
    if (object.attributionId?.href !== actor.id.href) continue;
    const data = await incomingPost(
      fed as unknown as Fed,
      object as typeof object & { id: URL },
      authorId,
      item,
    );
    await keepOutboxPost(ctx, data);
  }
  return "fetched";
}

/**
 * Fetches the first page of a remote account's outbox (signed GETs as the
 * instance actor, through the SSRF guard) and keeps its public and
 * unlisted posts, so its profile page shows recent posts even when nobody
 * here follows it. At most once per 10 minutes per account; never throws.
 */
export async function refreshRecentPosts(
  ctx: Ctx,
  account: { id: string; uri: string },
): Promise<OutboxOutcome> {
  // Nothing is fetched from a server the admin blocked.
  if (await isDomainBlocked(ctx, new URL(account.uri).host)) return "fetched";
  const kv = postgresKvStore(ctx);
  const key = ["outloud", "remote-outbox", account.id] as const;
  const recent = await kv.get<OutboxOutcome>(key);
  if (recent === "fetched" || recent === "unreachable") return recent;
  let outcome: OutboxOutcome;
  try {
    outcome = await fetchOutbox(ctx, account);
  } catch (error) {
    ctx.log.warning("Fetching the outbox of {uri} failed: {error}", { uri: account.uri, error });
    outcome = "unreachable";
  }
  await kv.set(key, outcome, { ttl: outcome === "fetched" ? FRESH : RETRY });
  return outcome;
}
