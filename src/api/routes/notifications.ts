import { Hono } from "hono";
import { z } from "zod";
import { markersOf, saveMarkers } from "../../domain/api/markers.ts";
import {
  clearNotifications,
  dismissNotification,
  notificationById,
  notificationsFor,
  unreadNotificationCount,
} from "../../domain/notifications/index.ts";
import { apiUser, requireScope } from "../auth.ts";
import type { ApiEnv } from "../env.ts";
import { apiError, readParams } from "../errors.ts";
import { pageParams, setPageLinks } from "../pagination.ts";
import { serializeMarkers } from "../serializers/marker.ts";
import { OPT_IN_TYPES, ourTypes, serializeNotifications } from "../serializers/notification.ts";

const typeList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().trim().max(50)).max(30));

const listSchema = z.object({
  types: typeList.optional(),
  exclude_types: typeList.optional(),
  account_id: z.string().trim().max(100).optional(),
});

const unreadSchema = z.object({
  types: typeList.optional(),
  exclude_types: typeList.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

function parseQuery<S extends z.ZodType>(schema: S, params: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw apiError(400, parsed.error.issues[0]?.message ?? "Invalid parameters");
  return parsed.data;
}

/**
 * Which of our types to list: those the client named (Mastodon's names, or
 * our own "coach" / "answer_accepted"), else every type but the opt-in ones;
 * then without those excluded.
 */
function typeFilter(types: string[] | undefined, excluded: string[] | undefined) {
  const named = types && types.length > 0;
  return {
    types: named ? ourTypes(types) : undefined,
    excludeTypes: [...(named ? [] : OPT_IN_TYPES), ...ourTypes(excluded ?? [])],
    // Only unknown names asked for: Mastodon answers an empty list.
    nothing: named && ourTypes(types).length === 0,
  };
}

/** `/api/v1/notifications` (list, one, dismiss, clear, unread count) and `/api/v1/markers`. */
export function notificationsRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const read = requireScope("read:notifications");
  const write = requireScope("write:notifications");

  app.get("/api/v1/notifications", read, async (c) => {
    const query = parseQuery(listSchema, await readParams(c));
    const page = pageParams(c, { limit: 40, max: 80 });
    const filter = typeFilter(query.types, query.exclude_types);
    if (filter.nothing) return c.json([]);
    const user = apiUser(c);
    const ctx = c.get("ctx");
    const views = await notificationsFor(ctx, user, {
      types: filter.types,
      excludeTypes: filter.excludeTypes,
      fromActorId: query.account_id ?? null,
      maxId: page.maxId,
      sinceId: page.sinceId,
      minId: page.minId,
      limit: page.limit,
    });
    setPageLinks(
      c,
      views.map((view) => view.id),
    );
    return c.json(await serializeNotifications(ctx, user, views));
  });

  app.get("/api/v1/notifications/unread_count", read, async (c) => {
    const query = parseQuery(unreadSchema, await readParams(c));
    const filter = typeFilter(query.types, query.exclude_types);
    if (filter.nothing) return c.json({ count: 0 });
    const count = await unreadNotificationCount(c.get("ctx"), apiUser(c), query.limit ?? 100, {
      types: filter.types,
      excludeTypes: filter.excludeTypes,
    });
    return c.json({ count });
  });

  app.post("/api/v1/notifications/clear", write, async (c) => {
    await clearNotifications(c.get("ctx"), apiUser(c));
    return c.json({});
  });

  app.get("/api/v1/notifications/:id", read, async (c) => {
    const user = apiUser(c);
    const ctx = c.get("ctx");
    const view = await notificationById(ctx, user, c.req.param("id"));
    const [notification] = view ? await serializeNotifications(ctx, user, [view]) : [];
    if (!notification) throw apiError(404, "Record not found");
    return c.json(notification);
  });

  app.post("/api/v1/notifications/:id/dismiss", write, async (c) => {
    const dismissed = await dismissNotification(c.get("ctx"), apiUser(c), c.req.param("id"));
    if (!dismissed) throw apiError(404, "Record not found");
    return c.json({});
  });

  app.get("/api/v1/markers", requireScope("read:statuses"), async (c) => {
    const params = await readParams(c);
    const named = parseQuery(z.object({ timeline: typeList.optional() }), params).timeline ?? [];
    const timelines = named.filter((t) => t === "home" || t === "notifications");
    if (named.length > 0 && timelines.length === 0) return c.json({});
    return c.json(serializeMarkers(await markersOf(c.get("ctx"), apiUser(c), timelines)));
  });

  app.post("/api/v1/markers", requireScope("write:statuses"), async (c) => {
    const params = await readParams(c);
    const saved = await saveMarkers(c.get("ctx"), apiUser(c), markerInput(params));
    return c.json(serializeMarkers(saved));
  });

  return app;
}

/**
 * Markers arrive as JSON `{"home": {"last_read_id": "…"}}` or as a form
 * `home[last_read_id]=…`; both become `{ home: "…" }`.
 */
function markerInput(params: Record<string, unknown>): { home?: string; notifications?: string } {
  const pick = (timeline: "home" | "notifications") => {
    const nested = params[timeline];
    const value =
      nested && typeof nested === "object" && !Array.isArray(nested)
        ? (nested as Record<string, unknown>).last_read_id
        : params[`${timeline}[last_read_id]`];
    if (value === undefined) return undefined;
    if (typeof value !== "string" && typeof value !== "number") {
      throw apiError(422, `${timeline}[last_read_id] must be a string`);
    }
    return String(value);
  };
  const home = pick("home");
  const notifications = pick("notifications");
  return {
    ...(home !== undefined ? { home } : {}),
    ...(notifications !== undefined ? { notifications } : {}),
  };
}
