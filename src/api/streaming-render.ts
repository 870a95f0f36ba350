import { notificationById } from "../domain/notifications/index.ts";
import { serializeNotifications } from "./serializers/notification.ts";
import { loadStatus } from "./serializers/status.ts";
import type { StreamRenderers } from "./streaming-dispatch.ts";

/**
 * What streamed events carry: the same entities, through the same views, as
 * `GET /api/v1/statuses/:id` and `GET /api/v1/notifications/:id` answer.
 */
export const streamRenderers: StreamRenderers = {
  status: (ctx, viewer, id) => loadStatus(ctx, viewer, id),
  async notification(ctx, user, id) {
    const view = await notificationById(ctx, user, id);
    if (!view) return null;
    const [notification] = await serializeNotifications(ctx, user, [view]);
    return notification ?? null;
  },
};
