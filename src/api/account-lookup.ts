import type { Context } from "hono";
import { type AccountView, accountView } from "../domain/api/accounts.ts";
import { isUuid } from "../domain/ids.ts";
import type { Viewer } from "../domain/viewer.ts";
import type { ApiEnv } from "./env.ts";
import { apiError } from "./errors.ts";

/** The account with this id as the viewer sees it, or Mastodon's 404. */
export async function accountOr404(
  c: Context<ApiEnv>,
  viewer: Viewer,
  id: string,
): Promise<AccountView> {
  const found = isUuid(id) ? await accountView(c.get("ctx"), viewer, id) : null;
  if (!found) throw apiError(404, "Record not found");
  return found;
}

/** Mastodon's FeaturedTag entity (counts are not kept per tag). */
export function featuredTag(publicUrl: string, account: AccountView, tag: string) {
  return {
    id: `${account.id}:${tag}`,
    name: tag,
    url: `${publicUrl}/tags/${encodeURIComponent(tag.toLowerCase())}`,
    statuses_count: "0",
    last_status_at: null,
  };
}
