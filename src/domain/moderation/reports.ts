import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { actors, users } from "../../db/schema/accounts.ts";
import { entries } from "../../db/schema/entries.ts";
import { remotePosts } from "../../db/schema/federation.ts";
import { reports } from "../../db/schema/social.ts";
import { parseInput } from "../accounts/members.ts";
import { entryVisibleTo, remotePostVisibleTo } from "../authorization.ts";
import { type Ctx, type TxCtx, transactional } from "../context.ts";
import { invalid, notFound } from "../errors.ts";
import { queueSocialDelivery } from "../federation/social-outgoing.ts";
import { isUuid, newId } from "../ids.ts";
import { notify } from "../notifications/notify.ts";
import type { CurrentUser } from "../viewer.ts";
import { type ActorSummary, actorSummaryColumns, otherActor, summaryOf } from "./actors.ts";
import { requireModerator } from "./admin.ts";
import { excerptOf } from "./excerpt.ts";

const MAX_POSTS = 20;

const reportSchema = z.object({
  comment: z.string().trim().max(1000, "Use at most 1,000 characters"),
  postIds: z
    .array(z.string().refine(isUuid, "Choose posts from the list"))
    .max(MAX_POSTS, `Choose at most ${MAX_POSTS} posts`),
});

/** Tells every admin of this server about a new report. */
async function notifyAdmins(tx: TxCtx, reportId: string, reporterId: string | null) {
  const admins = await tx.db
    .select({ actorId: users.actorId })
    .from(users)
    .where(eq(users.role, "admin"));
  for (const admin of admins) {
    await notify(tx, {
      recipientId: admin.actorId,
      type: "report",
      fromActorId: reporterId,
      detail: { reportId },
      dedupeKey: `report:${reportId}`,
    });
  }
}

/** Keeps the post ids that are posts by `targetId` (entries or remote posts). */
async function postsBy(ctx: Ctx, targetId: string, postIds: readonly string[]): Promise<string[]> {
  if (postIds.length === 0) return [];
  const [own, remote] = await Promise.all([
    ctx.db
      .select({ id: entries.id })
      .from(entries)
      .where(and(inArray(entries.id, [...postIds]), eq(entries.authorId, targetId))),
    ctx.db
      .select({ id: remotePosts.id })
      .from(remotePosts)
      .where(and(inArray(remotePosts.id, [...postIds]), eq(remotePosts.authorId, targetId))),
  ]);
  const found = new Set([...own, ...remote].map((r) => r.id));
  return postIds.filter((id) => found.has(id));
}

/**
 * A member reports an account (and some of its posts) to the admin. With
 * `forward`, a report about a remote account also goes to its server as a
 * `Flag` (queued in the same transaction; ignored for a local account).
 */
export async function fileReport(
  ctx: Ctx,
  reporter: CurrentUser,
  input: { targetId: string; postIds?: readonly string[]; comment?: string; forward?: boolean },
): Promise<{ id: string }> {
  const data = parseInput(reportSchema, {
    comment: input.comment ?? "",
    postIds: [...new Set(input.postIds ?? [])],
  });
  const target = await otherActor(ctx, reporter, input.targetId);
  const postIds = await postsBy(ctx, target.id, data.postIds);
  if (postIds.length < data.postIds.length) {
    throw invalid("Some of the chosen posts are not theirs.", { postIds: "Choose their posts" });
  }
  const id = newId();
  await transactional(ctx, async (tx) => {
    await tx.db.insert(reports).values({
      id,
      reporterId: reporter.actorId,
      targetId: target.id,
      postIds,
      comment: data.comment,
      createdAt: tx.now(),
    });
    await notifyAdmins(tx, id, reporter.actorId);
    if (input.forward && target.host) {
      await queueSocialDelivery(tx, { type: "flag", actorId: reporter.actorId, reportId: id });
    }
  });
  return { id };
}

/**
 * A report from another server (a `Flag`), kept once per activity id: the
 * same Flag delivered twice makes one report and one notification.
 * Returns the report's id (the existing one for a repeat).
 */
export async function recordRemoteReport(
  ctx: Ctx,
  input: {
    reporterId: string | null;
    targetId: string;
    postIds: readonly string[];
    comment: string;
    uri: string;
  },
): Promise<{ id: string; created: boolean }> {
  const postIds = await postsBy(ctx, input.targetId, input.postIds.filter(isUuid));
  return transactional(ctx, async (tx) => {
    const id = newId();
    const inserted = await tx.db
      .insert(reports)
      .values({
        id,
        reporterId: input.reporterId,
        targetId: input.targetId,
        postIds,
        comment: input.comment.slice(0, 5000),
        uri: input.uri,
        createdAt: tx.now(),
      })
      .onConflictDoNothing({ target: reports.uri })
      .returning({ id: reports.id });
    if (inserted.length === 0) {
      const [existing] = await tx.db
        .select({ id: reports.id })
        .from(reports)
        .where(eq(reports.uri, input.uri));
      return { id: existing?.id ?? id, created: false };
    }
    await notifyAdmins(tx, id, input.reporterId);
    return { id, created: true };
  });
}

/** A reported post, as much of it as the admin may see. */
export interface ReportedPost {
  id: string;
  /** Where to read it: the entry's page or the remote post's address; null when hidden. */
  href: string | null;
  excerpt: string;
}

export interface ReportView {
  id: string;
  createdAt: Date;
  comment: string;
  /** null: an anonymous report from another server. */
  reporter: ActorSummary | null;
  target: ActorSummary;
  posts: ReportedPost[];
  /** From another server (a Flag). */
  remote: boolean;
}

/** The reported posts, each through its authorization rule with the admin as viewer. */
async function reportedPosts(ctx: Ctx, admin: CurrentUser, ids: string[]) {
  if (ids.length === 0) return new Map<string, ReportedPost>();
  const [own, remote] = await Promise.all([
    ctx.db
      .select({
        id: entries.id,
        handle: actors.handle,
        title: entries.title,
        html: entries.bodyHtml,
      })
      .from(entries)
      .innerJoin(actors, eq(actors.id, entries.authorId))
      .where(and(inArray(entries.id, ids), entryVisibleTo(admin, "direct"))),
    ctx.db
      .select({
        id: remotePosts.id,
        href: sql<string>`coalesce(${remotePosts.url}, ${remotePosts.uri})`,
        html: remotePosts.contentHtml,
      })
      .from(remotePosts)
      .where(and(inArray(remotePosts.id, ids), remotePostVisibleTo(admin, "direct"))),
  ]);
  const posts = new Map<string, ReportedPost>();
  for (const e of own) {
    posts.set(e.id, {
      id: e.id,
      href: `/@${e.handle}/${e.id}`,
      excerpt: e.title || excerptOf(e.html),
    });
  }
  for (const p of remote) posts.set(p.id, { id: p.id, href: p.href, excerpt: excerptOf(p.html) });
  return posts;
}

/** Reports nobody resolved yet, oldest first (the admin's queue). */
export async function openReports(ctx: Ctx, admin: CurrentUser | null): Promise<ReportView[]> {
  requireModerator(admin);
  const reporter = alias(actors, "reporter");
  const rows = await ctx.db
    .select({
      id: reports.id,
      createdAt: reports.createdAt,
      comment: reports.comment,
      postIds: reports.postIds,
      uri: reports.uri,
      target: actorSummaryColumns,
      reporter: {
        id: reporter.id,
        handle: reporter.handle,
        host: reporter.host,
        displayName: reporter.displayName,
        avatarKey: reporter.avatarKey,
        avatarUrl: reporter.avatarUrl,
      },
    })
    .from(reports)
    .innerJoin(actors, eq(actors.id, reports.targetId))
    .leftJoin(reporter, eq(reporter.id, reports.reporterId))
    .where(isNull(reports.resolvedAt))
    .orderBy(asc(reports.createdAt), asc(reports.id))
    .limit(200);
  const posts = await reportedPosts(ctx, admin, [...new Set(rows.flatMap((r) => r.postIds))]);
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    comment: row.comment,
    remote: row.uri !== null,
    target: summaryOf(row.target),
    reporter: row.reporter ? summaryOf(row.reporter) : null,
    posts: row.postIds.map((id) => posts.get(id) ?? { id, href: null, excerpt: "" }),
  }));
}

/** Closes a report (the admin dealt with it). */
export async function resolveReport(
  ctx: Ctx,
  admin: CurrentUser | null,
  reportId: string,
): Promise<void> {
  requireModerator(admin);
  if (!isUuid(reportId)) throw notFound("There is no such report.");
  await transactional(ctx, async (tx) => {
    const rows = await tx.db
      .update(reports)
      .set({ resolvedAt: tx.now(), resolvedBy: admin.userId })
      .where(and(eq(reports.id, reportId), isNull(reports.resolvedAt)))
      .returning({ id: reports.id });
    if (rows.length === 0) throw notFound("There is no open report with that id.");
  });
}

/** A post a member may pick when reporting its author. */
export interface ReportablePost {
  id: string;
  excerpt: string;
  at: Date;
}

/** The target's recent posts the reporter may see (the report form's choices). */
export async function reportablePosts(
  ctx: Ctx,
  reporter: CurrentUser,
  targetId: string,
  limit = 10,
): Promise<ReportablePost[]> {
  if (!isUuid(targetId)) return [];
  const [own, remote] = await Promise.all([
    ctx.db
      .select({
        id: entries.id,
        title: entries.title,
        html: entries.bodyHtml,
        at: entries.publishedAt,
      })
      .from(entries)
      .where(and(eq(entries.authorId, targetId), entryVisibleTo(reporter, "listing")))
      .orderBy(sql`${entries.publishedAt} desc nulls last`)
      .limit(limit),
    ctx.db
      .select({
        id: remotePosts.id,
        html: remotePosts.contentHtml,
        at: sql<Date>`coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt})`.mapWith(
          (v: string | Date) => new Date(v),
        ),
      })
      .from(remotePosts)
      .where(and(eq(remotePosts.authorId, targetId), remotePostVisibleTo(reporter, "direct")))
      .orderBy(sql`coalesce(${remotePosts.publishedAt}, ${remotePosts.receivedAt}) desc`)
      .limit(limit),
  ]);
  return [
    ...own.map((e) => ({
      id: e.id,
      excerpt: e.title || excerptOf(e.html),
      at: e.at ?? new Date(0),
    })),
    ...remote.map((p) => ({ id: p.id, excerpt: excerptOf(p.html), at: p.at })),
  ]
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, limit);
}
