import { eq, sql } from "drizzle-orm";
import { entryMentions } from "../../db/schema/entries.ts";
import type { Ctx, TxCtx } from "../context.ts";
import { invalid } from "../errors.ts";
import { notify } from "../notifications/notify.ts";
import type { Audience } from "./schema.ts";

/**
 * Who an entry addresses: the people it mentions (`@handle`, `@user@host`)
 * and, for a reply, the author it answers. They become `entry_mentions` rows,
 * which decide who reads a direct entry and whom federation addresses.
 */

/** `@handle` or `@user@host`, not inside a word, an e-mail address or a path. */
const MENTION =
  /(?<![\p{L}\p{N}_@/.+-])@([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d{1,5})?))?(?![A-Za-z0-9_@])/gu;
/** Code blocks and inline code: `@` there is not a mention. */
const CODE = /```[\s\S]*?```|~~~[\s\S]*?~~~|`[^`\n]*`/g;
const MAX_MENTIONS = 50;

export interface Mention {
  handle: string;
  /** null: a member of this server. */
  host: string | null;
}

/** The mentions written in a Markdown body, lower-cased and without repeats. */
export function extractMentions(markdown: string, ownHost: string): Mention[] {
  const seen = new Map<string, Mention>();
  for (const match of markdown.replace(CODE, " ").matchAll(MENTION)) {
    const handle = (match[1] ?? "").toLowerCase();
    let host = match[2]?.toLowerCase() ?? null;
    if (host === ownHost) host = null;
    seen.set(`${handle}@${host ?? ""}`, { handle, host });
    if (seen.size >= MAX_MENTIONS) break;
  }
  return [...seen.values()];
}

function hostOf(ctx: Ctx): string {
  return new URL(ctx.config.publicUrl).host.toLowerCase();
}

interface KnownActor {
  id: string;
  handle: string;
  host: string | null;
  href: string | null;
}

/** The actors we know (local members, stored remote accounts) for these mentions. */
async function knownActors(tx: Ctx, mentions: readonly Mention[]): Promise<KnownActor[]> {
  if (mentions.length === 0) return [];
  const pairs = sql.join(
    mentions.map((m) => sql`(${m.handle}, ${m.host ?? ""})`),
    sql`, `,
  );
  return tx.db.execute<{ id: string; handle: string; host: string | null; href: string | null }>(
    sql`select a.id, lower(a.handle) as handle, lower(a.host) as host, coalesce(a.url, a.uri) as href
      from actors a where (lower(a.handle), coalesce(lower(a.host), '')) in (${pairs})`,
  );
}

/** Where each mention links: "handle@host" (host empty here) → the profile's URL. */
function mentionLinks(ctx: Ctx, known: readonly KnownActor[]): Map<string, string> {
  const links = new Map<string, string>();
  const origin = ctx.config.publicUrl.replace(/\/+$/, "");
  for (const actor of known) {
    if (actor.host === null) {
      links.set(`${actor.handle}@`, `${origin}/@${actor.handle}`);
      links.set(`${actor.handle}@${hostOf(ctx)}`, `${origin}/@${actor.handle}`);
    } else if (actor.href) {
      links.set(`${actor.handle}@${actor.host}`, actor.href);
    }
  }
  return links;
}

/**
 * The people a reply addresses without writing their names: the author it
 * answers, and in a direct conversation everyone already in it.
 */
async function replyParticipants(tx: Ctx, parentId: string, direct: boolean): Promise<string[]> {
  const others = direct
    ? sql`union select actor_id from entry_mentions where entry_id = ${parentId}
      union select actor_id from remote_post_recipients where remote_post_id = ${parentId}`
    : sql``;
  const rows = await tx.db.execute<{ id: string }>(sql`
    select author_id as id from entries where id = ${parentId}
    union select author_id from remote_posts where id = ${parentId}
    ${others}`);
  return rows.map((row) => row.id);
}

/** Whom an entry addresses, and where its written mentions link. */
export interface Addressees {
  actorIds: string[];
  /** For `renderMarkdown`'s `mentions`. */
  links: Map<string, string>;
}

/**
 * The actors an entry addresses, for its body, audience and parent. A direct
 * entry must reach somebody: with nobody known to address it is refused.
 */
export async function addressees(
  tx: Ctx,
  entry: { authorId: string; body: string; audience: Audience; parentId: string | null },
): Promise<Addressees> {
  const direct = entry.audience === "direct";
  const known = await knownActors(tx, extractMentions(entry.body, hostOf(tx)));
  const ids = new Set(known.map((actor) => actor.id));
  if (entry.parentId) {
    for (const id of await replyParticipants(tx, entry.parentId, direct)) ids.add(id);
  }
  ids.delete(entry.authorId);
  if (direct && ids.size === 0) {
    throw invalid("A direct entry is for the people it mentions: mention someone.", {
      audience: "Mention at least one person (@handle or @user@server) to send a direct entry",
    });
  }
  return { actorIds: [...ids], links: mentionLinks(tx, known) };
}

/** Writes the entry's addressees (after the entry row), replacing earlier ones. */
export async function replaceMentions(tx: TxCtx, entryId: string, actorIds: readonly string[]) {
  await tx.db.delete(entryMentions).where(eq(entryMentions.entryId, entryId));
  if (actorIds.length > 0) {
    await tx.db
      .insert(entryMentions)
      .values(actorIds.map((actorId) => ({ entryId, actorId })))
      .onConflictDoNothing();
  }
}

/**
 * Once an entry is published: the local author it replies to hears of the
 * reply (or question), and local members it mentions hear of the mention.
 * Safe to repeat (each notification has its dedupe key): an edit that adds a
 * mention tells only the newcomer.
 */
export async function notifyAddressees(tx: TxCtx, entryId: string): Promise<void> {
  const [entry] = await tx.db.execute<{
    author_id: string;
    status: string;
    parent_author_id: string | null;
    is_question: boolean;
  }>(sql`select e.author_id, e.status, e.is_question,
      (select p.author_id from entries p where p.id = e.in_reply_to_entry_id) as parent_author_id
    from entries e where e.id = ${entryId}`);
  if (entry?.status !== "published") return;
  const from = entry.author_id;
  if (entry.parent_author_id) {
    await notify(tx, {
      recipientId: entry.parent_author_id,
      type: entry.is_question ? "question" : "reply",
      fromActorId: from,
      entryId,
      dedupeKey: `reply:${entryId}`,
    });
  }
  const mentioned = await tx.db.execute<{ id: string }>(sql`select m.actor_id as id
    from entry_mentions m join actors a on a.id = m.actor_id
    where m.entry_id = ${entryId} and a.host is null`);
  for (const { id } of mentioned) {
    // The replied-to author already heard of the reply.
    if (id === entry.parent_author_id) continue;
    await notify(tx, {
      recipientId: id,
      type: "mention",
      fromActorId: from,
      entryId,
      dedupeKey: `mention:${entryId}`,
    });
  }
}
