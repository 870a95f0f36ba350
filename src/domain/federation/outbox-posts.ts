import type { Ctx } from "../context.ts";
import { type IncomingPost, receivePost } from "./inbox-posts.ts";

/**
 * A post read from a remote account's outbox (its profile page was opened
 * here): kept when it is public or unlisted, like a delivered post but
 * quietly: no notifications, no mentions recorded. Returns its id, or null.
 */
export async function keepOutboxPost(ctx: Ctx, post: IncomingPost): Promise<string | null> {
  if (post.audience !== "public" && post.audience !== "unlisted") return null;
  return receivePost(ctx, { ...post, addressedHandles: [] }, { keep: true, quiet: true });
}
