import { type Collection, CollectionPage, Create, isActor } from "@fedify/fedify/vocab";
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

/** A profile opens with the first page of the outbox; older pages are read when asked for. */
const MAX_ITEMS = 20;
/** Each document fetch gives up after this long, and all of them after TOTAL (the page waits). */
const FETCH_TIMEOUT_MS = 5000;
const TOTAL_MS = 8000;
/** One fetch per account per 10 minutes (a failure is retried after a minute). */
const FRESH = Temporal.Duration.from({ minutes: 10 });
const RETRY = Temporal.Duration.from({ minutes: 1 });

/** Older posts wait on the outbox page after the oldest one fetched (or nothing is left). */
type OlderPage = { next: string } | { end: true };
const olderPageKey = (accountId: string) => ["outloud", "remote-outbox-older", accountId] as const;
/** Their server may renumber its pages: the way to older posts is re-learned after a day. */
const OLDER_PAGE_KEPT = Temporal.Duration.from({ days: 1 });
/** One "older posts" request reads at most this many outbox pages (boosts alone keep none). */
const OLDER_PAGES_PER_REQUEST = 3;

/**
 * Signed as the instance actor (servers with authorized fetch answer only
 * signed GETs), each document bounded, and all of them by `deadline`.
 */
function fetchOptions(ctx: Ctx, deadline: AbortSignal) {
  const fed = federationContext(ctx);
  return {
    fed,
    options: {
      documentLoader: freshDocumentLoader(ctx, {
        timeoutMs: FETCH_TIMEOUT_MS,
        deadline,
      }),
      contextLoader: fed.contextLoader,
    },
  };
}
type Fetching = ReturnType<typeof fetchOptions>;

/** The next page only when it is on the account's own server; otherwise nothing is older. */
function olderPageAfter(page: Collection, accountUri: string): OlderPage {
  const next = page instanceof CollectionPage ? page.nextId : null;
  return next && next.origin === new URL(accountUri).origin ? { next: next.href } : { end: true };
}

/** Keeps the account's own posts among a page's first `max` items. */
async function keepItems(
  ctx: Ctx,
  { fed, options }: Fetching,
  page: Collection,
  author: { id: string; uri: string },
  max: number,
): Promise<void> {
  const origin = new URL(author.uri).origin;
  let seen = 0;
  for await (const item of page.getItems(options)) {
    if (++seen > max) break;
    if (!(item instanceof Create)) continue;
    const object = await item.getObject(options).catch(() => null);
    // Only the account's own posts, from its own origin.
    if (!isPostObject(object) || !object.id || object.id.origin !== origin) continue;
    if (object.attributionId?.href !== author.uri) continue;
    const data = await incomingPost(
      fed as unknown as Fed,
      object as typeof object & { id: URL },
      author.id,
      item,
    );
    await keepOutboxPost(ctx, data);
  }
}

async function fetchOutbox(
  ctx: Ctx,
  account: { id: string; uri: string },
  deadline = AbortSignal.timeout(TOTAL_MS),
) {
  const fetching = fetchOptions(ctx, deadline);
  const { fed, options } = fetching;
  const actor = await fed.lookupObject(account.uri, options);
  if (!isActor(actor) || actor.id?.href !== account.uri) return "unreachable";
  // Their profile may have changed too: keep what they publish now.
  const authorId = (await rememberActor(fed, actor)) ?? account.id;
  const outbox = await actor.getOutbox(options);
  if (!outbox) return "fetched";
  const page = (await outbox.getFirst(options)) ?? outbox;
  await keepItems(ctx, fetching, page, { id: authorId, uri: account.uri }, MAX_ITEMS);
  // Where older posts start, unless a member already paged further back.
  const kv = postgresKvStore(ctx);
  if (!(await kv.get<OlderPage>(olderPageKey(account.id)))) {
    await kv.set(olderPageKey(account.id), olderPageAfter(page, account.uri), {
      ttl: OLDER_PAGE_KEPT,
    });
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

/** What asking a remote account's server for older posts found. */
export type OlderOutcome = "fetched" | "end" | "unreachable";

/**
 * Reads the next older page of a remote account's outbox (same guard,
 * signature and time limits as the first) and keeps its public and unlisted
 * posts: what a member asks for with "Older posts" once the posts kept here
 * run out. Never throws.
 */
export async function fetchOlderPosts(
  ctx: Ctx,
  account: { id: string; uri: string },
  deadline = AbortSignal.timeout(TOTAL_MS),
): Promise<OlderOutcome> {
  if (await isDomainBlocked(ctx, new URL(account.uri).host)) return "end";
  const kv = postgresKvStore(ctx);
  try {
    // Not known yet (the first page was read before this was kept, or a day ago): read it again.
    if (!(await kv.get<OlderPage>(olderPageKey(account.id)))) {
      if ((await fetchOutbox(ctx, account, deadline)) === "unreachable") return "unreachable";
    }
    const older = await kv.get<OlderPage>(olderPageKey(account.id));
    if (!older || "end" in older) return "end";
    const fetching = fetchOptions(ctx, deadline);
    const page = await fetching.fed.lookupObject(older.next, fetching.options);
    if (!(page instanceof CollectionPage)) return "unreachable";
    await keepItems(ctx, fetching, page, account, MAX_ITEMS);
    await kv.set(olderPageKey(account.id), olderPageAfter(page, account.uri), {
      ttl: OLDER_PAGE_KEPT,
    });
    return "fetched";
  } catch (error) {
    ctx.log.warning("Fetching older posts of {uri} failed: {error}", { uri: account.uri, error });
    return "unreachable";
  }
}

/** Whether their server has older posts than those kept here, as far as we know. */
export async function olderPostsRemain(ctx: Ctx, accountId: string): Promise<boolean> {
  const older = await postgresKvStore(ctx).get<OlderPage>(olderPageKey(accountId));
  return older !== undefined && !("end" in older);
}

/**
 * A page of a remote account's posts after `cursor`; when the posts kept
 * here run out before the page is full, older ones are read from their
 * outbox first (a few pages at most, within one time limit).
 */
export async function olderPostsPage<Page extends { posts: unknown[] }>(
  ctx: Ctx,
  account: { id: string; uri: string },
  read: () => Promise<Page>,
  pageSize: number,
): Promise<{ page: Page; older: OlderOutcome | null }> {
  let page = await read();
  let older: OlderOutcome | null = null;
  // The reader waits: every page this request reads shares one time limit.
  const deadline = AbortSignal.timeout(TOTAL_MS);
  for (let i = 0; i < OLDER_PAGES_PER_REQUEST && page.posts.length < pageSize; i++) {
    if (deadline.aborted) break;
    older = await fetchOlderPosts(ctx, account, deadline);
    if (older !== "fetched") break;
    page = await read();
  }
  return { page, older };
}
