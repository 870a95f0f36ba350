import { sql } from "drizzle-orm";
import { entries, entryMentions } from "../../db/schema/entries.ts";
import type { Ctx } from "../context.ts";
import type { RemoteRecipient } from "./follows.ts";

/** A local actor's ActivityPub id (the same URL as the profile page). */
export function localActorUri(ctx: Ctx, handle: string): string {
  return new URL(`/@${handle}`, ctx.config.publicUrl).href;
}

/**
 * The instance actor's id: an `Application` that speaks for the server itself
 * (served by src/federation/instance-actor.ts); forwarded reports come from it.
 */
export function instanceActorUri(ctx: Ctx): string {
  return new URL("/actor", ctx.config.publicUrl).href;
}

/** A local entry's ActivityPub id (its permalink). */
export function localEntryUri(ctx: Ctx, handle: string, entryId: string): string {
  return new URL(`/@${handle}/${entryId}`, ctx.config.publicUrl).href;
}

/** Someone an entry mentions, as a `Mention` tag names them. */
export interface MentionedActor {
  uri: string;
  /** `@user@host`, for local members too. */
  name: string;
}

/**
 * What an entry points at beyond its own fields: the post it answers, the
 * actors it mentions, and the remote actors it must reach besides the
 * author's followers.
 */
export interface EntryReferences {
  /** The parent's ActivityPub id and its author's, for `inReplyTo` and `cc`. */
  inReplyTo: { uri: string; authorUri: string } | null;
  mentions: MentionedActor[];
  isQuestion: boolean;
  sensitive: boolean;
  /** Mentioned remote actors, and the replied-to remote author unless the entry is direct. */
  recipients: RemoteRecipient[];
}

/** An entry that answers nothing and mentions no one. */
export const NO_REFERENCES: EntryReferences = {
  inReplyTo: null,
  mentions: [],
  isQuestion: false,
  sensitive: false,
  recipients: [],
};

interface ActorRow extends Record<string, unknown> {
  handle: string;
  host: string | null;
  uri: string | null;
  inbox_url: string | null;
  shared_inbox_url: string | null;
}

function actorUri(ctx: Ctx, row: Pick<ActorRow, "handle" | "host" | "uri">): string | null {
  return row.host ? row.uri : localActorUri(ctx, row.handle);
}

function recipientOf(row: ActorRow): RemoteRecipient[] {
  return row.host && row.uri && row.inbox_url
    ? [{ uri: row.uri, inboxUrl: row.inbox_url, sharedInboxUrl: row.shared_inbox_url }]
    : [];
}

/** Remote recipients without repeats (the same actor mentioned and replied to). */
export function distinctRecipients(list: RemoteRecipient[]): RemoteRecipient[] {
  const seen = new Map<string, RemoteRecipient>();
  for (const recipient of list) if (!seen.has(recipient.uri)) seen.set(recipient.uri, recipient);
  return [...seen.values()];
}

type ParentRow = ActorRow & {
  id: string;
  audience: string;
  is_question: boolean;
  sensitive: boolean;
  parent_entry_id: string | null;
  parent_handle: string | null;
  remote_uri: string | null;
};

/** The parents (with their authors) and flags of these entries. */
const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

async function parentsOf(ctx: Ctx, entryIds: string[]) {
  return ctx.db.execute<ParentRow>(sql`
    select e.id, e.audience, e.is_question, e.sensitive,
      p.id as parent_entry_id, pa.handle as parent_handle,
      rp.uri as remote_uri,
      coalesce(ra.handle, pa.handle) as handle, ra.host, ra.uri,
      ra.inbox_url, ra.shared_inbox_url
    from ${entries} e
    left join ${entries} p on p.id = e.in_reply_to_entry_id
    left join actors pa on pa.id = p.author_id
    left join remote_posts rp on rp.id = e.in_reply_to_remote_id
    left join actors ra on ra.id = rp.author_id
    where e.id in (${idList(entryIds)})`);
}

async function mentionsOf(ctx: Ctx, entryIds: string[]) {
  return ctx.db.execute<ActorRow & { entry_id: string }>(sql`
    select m.entry_id, a.handle, a.host, a.uri, a.inbox_url, a.shared_inbox_url
    from ${entryMentions} m join actors a on a.id = m.actor_id
    where m.entry_id in (${idList(entryIds)})
    order by a.handle`);
}

function parentOf(ctx: Ctx, row: ParentRow): EntryReferences["inReplyTo"] {
  if (row.parent_entry_id && row.parent_handle) {
    return {
      uri: localEntryUri(ctx, row.parent_handle, row.parent_entry_id),
      authorUri: localActorUri(ctx, row.parent_handle),
    };
  }
  return row.remote_uri && row.uri ? { uri: row.remote_uri, authorUri: row.uri } : null;
}

/**
 * The references of each entry (read from the database whatever its audience:
 * callers decide visibility). Entries not found get none.
 */
export async function entryReferences(
  ctx: Ctx,
  entryIds: string[],
): Promise<Map<string, EntryReferences>> {
  const result = new Map<string, EntryReferences>();
  if (entryIds.length === 0) return result;
  const [parents, mentioned] = await Promise.all([
    parentsOf(ctx, entryIds),
    mentionsOf(ctx, entryIds),
  ]);
  const localHost = new URL(ctx.config.publicUrl).host;
  for (const row of parents) {
    const mine = mentioned.filter((m) => m.entry_id === row.id);
    const direct = row.audience === "direct";
    result.set(row.id, {
      inReplyTo: parentOf(ctx, row),
      mentions: mine.flatMap((m) => {
        const uri = actorUri(ctx, m);
        return uri ? [{ uri, name: `@${m.handle}@${m.host ?? localHost}` }] : [];
      }),
      isQuestion: row.is_question,
      sensitive: row.sensitive,
      recipients: distinctRecipients([
        ...mine.flatMap(recipientOf),
        ...(direct ? [] : recipientOf(row)),
      ]),
    });
  }
  return result;
}

/** One entry's references (none when it is gone). */
export async function referencesOf(ctx: Ctx, entryId: string): Promise<EntryReferences> {
  return (await entryReferences(ctx, [entryId])).get(entryId) ?? NO_REFERENCES;
}
