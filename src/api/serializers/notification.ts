import type { Ctx } from "../../domain/context.ts";
import { openReports, type ReportView } from "../../domain/moderation/index.ts";
import type { NotificationType, NotificationView } from "../../domain/notifications/index.ts";
import type { CurrentUser } from "../../domain/viewer.ts";
import { loadAccounts, type MastodonAccount } from "./account.ts";
import { loadStatuses, type MastodonStatus } from "./status.ts";

/**
 * Mastodon's Notification entity, and how our notification types map onto
 * Mastodon's: replies, mentions and questions are all "mention"; likes are
 * "favourite", shares "reblog", reports "admin.report". Our "coach" and
 * "answer_accepted" have no Mastodon equivalent: they keep their own names
 * and are only sent to clients that ask for them by name in `types[]`
 * (Mastodon apps skip types they do not know, but a client that never asked
 * should not have to).
 */

export interface MastodonReport {
  id: string;
  action_taken: boolean;
  action_taken_at: string | null;
  category: "other";
  comment: string;
  forwarded: boolean;
  created_at: string;
  status_ids: string[];
  rule_ids: null;
  target_account: MastodonAccount;
}

export interface MastodonNotification {
  id: string;
  type: string;
  created_at: string;
  group_key: string;
  account: MastodonAccount;
  status?: MastodonStatus;
  report?: MastodonReport;
}

export const MASTODON_TYPE: Record<NotificationType, string> = {
  follow: "follow",
  follow_request: "follow_request",
  reply: "mention",
  mention: "mention",
  question: "mention",
  answer_accepted: "answer_accepted",
  like: "favourite",
  share: "reblog",
  coach: "coach",
  report: "admin.report",
  move: "move",
};

/** Our types that only clients naming them in `types[]` receive. */
export const OPT_IN_TYPES: readonly NotificationType[] = ["coach", "answer_accepted"];

/** Mastodon's (and our extra) type names → ours; unknown names map to nothing. */
export function ourTypes(mastodonTypes: readonly string[]): NotificationType[] {
  const out = new Set<NotificationType>();
  for (const name of mastodonTypes) {
    for (const [ours, theirs] of Object.entries(MASTODON_TYPE)) {
      if (theirs === name) out.add(ours as NotificationType);
    }
  }
  return [...out];
}

/** Types whose Mastodon shape needs a status: without one the notification is not shown. */
const NEEDS_STATUS = new Set(["mention", "favourite", "reblog"]);

/**
 * Serializes the member's notifications (from `notificationsFor`), in order.
 * Statuses are loaded for the member through the status views, so a post
 * they may no longer see drops the notification rather than leaking it.
 */
export async function serializeNotifications(
  ctx: Ctx,
  user: CurrentUser,
  views: readonly NotificationView[],
): Promise<MastodonNotification[]> {
  const postIds = views.flatMap((view) => (view.post ? [view.post.id] : []));
  const wantsReports = views.some((view) => view.type === "report");
  const reports = wantsReports
    ? new Map((await openReports(ctx, user).catch(() => [])).map((r) => [r.id, r]))
    : new Map<string, ReportView>();
  const actorIds = new Set<string>([user.actorId]);
  for (const view of views) if (view.from) actorIds.add(view.from.id);
  for (const report of reports.values()) actorIds.add(report.target.id);
  const [statuses, accountList] = await Promise.all([
    loadStatuses(ctx, user, postIds),
    loadAccounts(ctx, user, [...actorIds]),
  ]);
  const statusById = new Map(statuses.map((status) => [status.id, status]));
  const accounts = new Map(accountList.map((account) => [account.id, account]));
  return views.flatMap((view): MastodonNotification[] => {
    const type = MASTODON_TYPE[view.type];
    // The coach speaks for no account: it shows as the member's own.
    const account = accounts.get(view.from?.id ?? user.actorId);
    if (!account) return [];
    const out: MastodonNotification = {
      id: view.id,
      type,
      created_at: view.createdAt.toISOString(),
      group_key: `ungrouped-${view.id}`,
      account,
    };
    const status = view.post ? statusById.get(view.post.id) : undefined;
    if (status) out.status = status;
    else if (NEEDS_STATUS.has(type)) return [];
    if (view.type === "report") {
      const report = reports.get(String(view.detail.reportId ?? ""));
      const target = report ? accounts.get(report.target.id) : undefined;
      if (!report || !target) return [];
      out.report = {
        id: report.id,
        action_taken: false,
        action_taken_at: null,
        category: "other",
        comment: report.comment,
        forwarded: report.remote,
        created_at: report.createdAt.toISOString(),
        status_ids: report.posts.map((post) => post.id),
        rule_ids: null,
        target_account: target,
      };
    }
    return [out];
  });
}
