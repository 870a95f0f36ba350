import { and, eq, or, sql } from "drizzle-orm";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import type { Ctx } from "../context.ts";
import { notShown } from "../entries/not-shown.ts";
import { type EntryView, pageOfEntries } from "../entries/view-model.ts";
import { type RemotePostView, remotePostsByIds } from "../federation/remote-profile.ts";
import { idIn } from "../ids.ts";
import type { Viewer } from "../viewer.ts";
import { findPost } from "./posts.ts";
import { NO_STATS, type PostStats, postStats } from "./stats.ts";

/** How a post sits in its thread. */
interface ThreadPlace {
  id: string;
  inReplyToId: string | null;
  isQuestion: boolean;
  /** For a question: the id of the answer its conversation's author accepted. */
  acceptedAnswerId: string | null;
  stats: PostStats;
}

/** One post of a thread: a local entry or a remote post, ready to render. */
export type ThreadPost =
  | (ThreadPlace & { kind: "entry"; entry: EntryView; at: Date })
  | (ThreadPlace & { kind: "remote"; post: RemotePostView; at: Date });

export interface ThreadView {
  /** The posts the focus replies to, root first (those the viewer may see). */
  ancestors: ThreadPost[];
  focus: ThreadPost;
  /** Replies to the focus and their replies, oldest first (those the viewer may see). */
  descendants: ThreadPost[];
  /** The conversation's root post id. */
  rootId: string;
  /** The viewer wrote the entry that started the conversation: they may accept answers. */
  canAcceptAnswers: boolean;
}

/** A thread is read whole up to this many posts. */
const MAX_THREAD = 500;

type Node = {
  id: string;
  kind: "entry" | "remote";
  parent: string | null;
  author_id: string;
  is_question: boolean;
  accepted_answer_id: string | null;
};

/** The shape of a conversation (ids and links only, nothing shown yet). */
async function conversationNodes(ctx: Ctx, conversationId: string): Promise<Map<string, Node>> {
  const rows = await ctx.db.execute<Node>(sql`
    select id, 'entry' as kind, coalesce(in_reply_to_entry_id, in_reply_to_remote_id) as parent,
      author_id, is_question, accepted_answer_id
    from entries where conversation_id = ${conversationId} or id = ${conversationId}
    union all
    select id, 'remote', coalesce(in_reply_to_entry_id, in_reply_to_remote_id),
      author_id, is_question, accepted_answer_id
    from remote_posts where conversation_id = ${conversationId} or id = ${conversationId}
    limit ${MAX_THREAD}`);
  return new Map(rows.map((row) => [row.id, row]));
}

function ancestorIds(nodes: Map<string, Node>, focusId: string): string[] {
  const chain: string[] = [];
  let parent = nodes.get(focusId)?.parent ?? null;
  while (parent && nodes.has(parent) && !chain.includes(parent) && parent !== focusId) {
    chain.unshift(parent);
    parent = nodes.get(parent)?.parent ?? null;
  }
  return chain;
}

function descendantIds(nodes: Map<string, Node>, focusId: string): string[] {
  const children = new Map<string, string[]>();
  for (const node of nodes.values()) {
    if (!node.parent) continue;
    children.set(node.parent, [...(children.get(node.parent) ?? []), node.id]);
  }
  const found = new Set<string>();
  const queue = [...(children.get(focusId) ?? [])];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (found.has(id) || id === focusId) continue;
    found.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return [...found];
}

/** Loads the posts the viewer may see, each through its one rule. */
async function visiblePosts(
  ctx: Ctx,
  viewer: Viewer,
  nodes: Node[],
  focusId: string,
): Promise<Map<string, ThreadPost>> {
  const entryIds = nodes.filter((n) => n.kind === "entry").map((n) => n.id);
  const remoteIds = nodes.filter((n) => n.kind === "remote").map((n) => n.id);
  const [entryPage, visibleRemote] = await Promise.all([
    entryIds.length === 0
      ? { entries: [] }
      : pageOfEntries(ctx, {
          where: and(
            idIn(entries.id, entryIds),
            entryVisibleTo(viewer, "direct"),
            // Drafts stay out of threads; the focus is the author's own page.
            or(eq(entries.status, "published"), eq(entries.id, focusId)),
          )!,
          sort: "written",
          limit: entryIds.length,
        }),
    remoteIds.length === 0
      ? []
      : ctx.db
          .select({ id: remotePosts.id })
          .from(remotePosts)
          .where(and(idIn(remotePosts.id, remoteIds), remotePostVisibleTo(viewer, "direct"))),
  ]);
  const remote = await remotePostsByIds(
    ctx,
    visibleRemote.map((row) => row.id),
  );
  const stats = await postStats(ctx, viewer, [
    ...entryPage.entries.map((e) => e.id),
    ...remote.map((p) => p.id),
  ]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const place = (id: string): ThreadPlace => {
    const node = byId.get(id);
    return {
      id,
      inReplyToId: node?.parent ?? null,
      isQuestion: node?.is_question ?? false,
      acceptedAnswerId: node?.accepted_answer_id ?? null,
      stats: stats.get(id) ?? NO_STATS,
    };
  };
  const posts = new Map<string, ThreadPost>();
  for (const entry of entryPage.entries) {
    const at = entry.publishedAt ?? entry.createdAt;
    posts.set(entry.id, { ...place(entry.id), kind: "entry", entry, at });
  }
  for (const post of remote)
    posts.set(post.id, { ...place(post.id), kind: "remote", post, at: post.at });
  return posts;
}

/**
 * A post with its conversation for one viewer: what it replies to, and the
 * replies below it, local and remote, each shown only if the viewer may see
 * it (`entryVisibleTo` / `remotePostVisibleTo`), with counts and the
 * viewer's own likes, shares and bookmarks. Not found if the post is hidden.
 */
export async function threadView(ctx: Ctx, viewer: Viewer, postId: string): Promise<ThreadView> {
  const focusRef = await findPost(ctx, viewer, postId);
  if (!focusRef) throw notShown();
  const rootId = focusRef.conversationId ?? focusRef.id;
  const nodes = await conversationNodes(ctx, rootId);
  if (!nodes.has(focusRef.id)) {
    nodes.set(focusRef.id, {
      id: focusRef.id,
      kind: focusRef.kind,
      parent: focusRef.inReplyToId,
      author_id: focusRef.authorId,
      is_question: focusRef.isQuestion,
      accepted_answer_id: focusRef.acceptedAnswerId,
    });
  }
  const above = ancestorIds(nodes, focusRef.id);
  const below = descendantIds(nodes, focusRef.id);
  const wanted = [...above, focusRef.id, ...below].map((id) => nodes.get(id)!);
  const posts = await visiblePosts(ctx, viewer, wanted, focusRef.id);
  const focus = posts.get(focusRef.id);
  if (!focus) throw notShown();
  const pick = (ids: string[]) => ids.flatMap((id) => posts.get(id) ?? []);
  const root = nodes.get(rootId);
  return {
    ancestors: pick(above),
    focus,
    descendants: pick(below).sort(
      (a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1),
    ),
    rootId,
    canAcceptAnswers:
      viewer.actorId !== null && root?.kind === "entry" && root.author_id === viewer.actorId,
  };
}
