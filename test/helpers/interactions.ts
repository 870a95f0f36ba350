import { createEntry, type NewEntryInput } from "../../src/domain/entries/index.ts";
import { storeRemoteActor, storeRemotePost } from "../../src/domain/federation/index.ts";
import type { CurrentUser } from "../../src/domain/viewer.ts";
import { makeMember } from "./entries-fixtures.ts";
import type { TestRuntime } from "./runtime.ts";

/** Test data for replies, likes and conversations, stored as the domain would store it. */

export async function post(
  runtime: TestRuntime,
  author: CurrentUser,
  body: string,
  extra: Partial<NewEntryInput> = {},
): Promise<string> {
  const saved = await createEntry(runtime.ctx, author, { kind: "note", body, ...extra });
  return saved.id;
}

/** A remote account on remote.example, as the inbox keeps one. */
export function remoteActor(runtime: TestRuntime, handle: string): Promise<string> {
  return storeRemoteActor(runtime.ctx, {
    uri: `https://remote.example/users/${handle}`,
    handle,
    host: "remote.example",
    displayName: `${handle} Remote`,
    bioHtml: "",
    inboxUrl: `https://remote.example/users/${handle}/inbox`,
    sharedInboxUrl: null,
    url: `https://remote.example/@${handle}`,
  });
}

export interface RemotePostOptions {
  audience?: "public" | "unlisted" | "followers" | "direct";
  /** The post here it replies to (what the inbox links when it knows the parent). */
  inReplyTo?: { id: string; kind: "entry" | "remote"; conversationId: string };
  /** Local actors it addressed. */
  recipients?: string[];
  isQuestion?: boolean;
}

/**
 * A remote post stored with `storeRemotePost`; the reply links and recipients
 * the inbox records beside it are written the way it writes them.
 */
export async function remotePost(
  runtime: TestRuntime,
  authorId: string,
  slug: string,
  html: string,
  options: RemotePostOptions = {},
): Promise<string> {
  const uri = `https://remote.example/posts/${slug}`;
  await storeRemotePost(runtime.ctx, {
    uri,
    authorId,
    type: "Note",
    url: `https://remote.example/@x/${slug}`,
    name: "",
    summary: "",
    contentHtml: html,
    sensitive: false,
    audience: options.audience ?? "public",
    publishedAt: new Date(),
    updatedAt: null,
  });
  const sql = runtime.database.sql;
  const [row] = await sql<{ id: string }[]>`select id from remote_posts where uri = ${uri}`;
  const id = row!.id;
  const parent = options.inReplyTo;
  await sql`update remote_posts set
      in_reply_to_entry_id = ${parent?.kind === "entry" ? parent.id : null},
      in_reply_to_remote_id = ${parent?.kind === "remote" ? parent.id : null},
      conversation_id = ${parent ? parent.conversationId : id},
      is_question = ${options.isQuestion ?? false}
    where id = ${id}`;
  for (const actorId of options.recipients ?? []) {
    await sql`insert into remote_post_recipients (remote_post_id, actor_id) values (${id}, ${actorId})`;
  }
  return id;
}

/** Notifications a member got, oldest first, as type:entry rows. */
export async function notificationsOf(runtime: TestRuntime, member: CurrentUser) {
  return runtime.database.sql<{ type: string; entry_id: string | null; from_actor_id: string }[]>`
    select type, entry_id, from_actor_id from notifications
    where recipient_id = ${member.actorId} order by id`;
}

/** Three members (ann, bob, cat) and a remote account (pen@remote.example). */
export async function cast(runtime: TestRuntime) {
  return {
    ann: await makeMember(runtime.ctx, "ann"),
    bob: await makeMember(runtime.ctx, "bob"),
    cat: await makeMember(runtime.ctx, "cat"),
    pen: await remoteActor(runtime, "pen"),
  };
}
