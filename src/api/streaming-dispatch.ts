import { type ApiToken, scopeAllows } from "../domain/api/index.ts";
import {
  homeIncludesActor,
  type StreamReach,
  streamPostKind,
  streamReach,
} from "../domain/api/stream-audience.ts";
import type { Ctx } from "../domain/context.ts";
import type { NarrowedAudience, StreamEvent } from "../domain/stream.ts";
import type { CurrentUser, Viewer } from "../domain/viewer.ts";
import { type StreamName, type Subscription, streamLabel } from "./streaming-subscriptions.ts";

/** One connected client, as the dispatcher sees it. */
export interface StreamClient {
  readonly token: ApiToken;
  readonly viewer: Viewer;
  readonly user: CurrentUser | null;
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Sends `{"stream": label, "event": event, "payload": payload}`. */
  send(label: string[], event: string, payload: string): void;
}

/** How a status and a notification look to one viewer (Mastodon JSON), or null when they may not see it. */
export interface StreamRenderers {
  status(ctx: Ctx, viewer: Viewer, id: string): Promise<unknown | null>;
  notification(ctx: Ctx, user: CurrentUser, id: string): Promise<unknown | null>;
}

/** Whether a post that reaches the viewer this way belongs on `subscription`. */
function carries(subscription: Subscription, reach: StreamReach): boolean {
  const tagged = subscription.tag !== null && reach.tags.includes(subscription.tag);
  const matches: Record<StreamName, boolean> = {
    user: reach.home,
    "user:notification": false,
    public: reach.public,
    "public:local": reach.public && reach.local,
    "public:remote": reach.public && !reach.local,
    hashtag: reach.public && tagged,
    "hashtag:local": reach.public && reach.local && tagged,
  };
  return matches[subscription.stream];
}

const readsStatuses = (client: StreamClient) => scopeAllows(client.token.scopes, "read:statuses");

/** Clients grouped by who they are: each viewer's reach is asked once per event. */
function byViewer(clients: Iterable<StreamClient>): Map<string, StreamClient[]> {
  const groups = new Map<string, StreamClient[]>();
  for (const client of clients) {
    const key = client.viewer.actorId ?? "";
    groups.set(key, [...(groups.get(key) ?? []), client]);
  }
  return groups;
}

/**
 * Whether a subscription may have carried a post before an edit narrowed
 * its audience (the post's reach now is unknown or smaller): the author's
 * followers' and the unmentioned people's user streams, public streams
 * when it was public.
 */
async function mayHaveCarried(
  ctx: Ctx,
  viewer: Viewer,
  subscription: Subscription,
  narrowed: NarrowedAudience,
): Promise<boolean> {
  switch (subscription.stream) {
    case "user":
      return (
        (viewer.actorId !== null && narrowed.unmentioned.includes(viewer.actorId)) ||
        homeIncludesActor(ctx, viewer, narrowed.authorId)
      );
    case "public":
    case "public:local":
      return narrowed.wasPublic;
    case "hashtag":
    case "hashtag:local":
      return narrowed.wasPublic && narrowed.tags.includes(subscription.tag ?? "");
    default:
      return false;
  }
}

/**
 * A new post goes out as `update`, an edited one as `status.update`; when
 * the edit narrowed who sees it, those who may have had it and no longer
 * may (or whose stream no longer carries it) hear `delete`.
 */
async function dispatchPost(
  ctx: Ctx,
  clients: StreamClient[],
  id: string,
  render: StreamRenderers,
  name: "update" | "status.update",
  narrowed?: NarrowedAudience,
): Promise<void> {
  const interested = clients.filter(
    (client) =>
      readsStatuses(client) &&
      [...client.subscriptions.values()].some((s) => s.stream !== "user:notification"),
  );
  if (interested.length === 0) return;
  const kind = await streamPostKind(ctx, id);
  if (!kind) return;
  for (const group of byViewer(interested).values()) {
    const viewer = group[0]?.viewer;
    if (!viewer) continue;
    const reach = await streamReach(ctx, viewer, id, kind);
    if (!reach && !narrowed) continue;
    const sends: { client: StreamClient; subscription: Subscription }[] = [];
    for (const client of group) {
      for (const subscription of client.subscriptions.values()) {
        if (reach && carries(subscription, reach)) sends.push({ client, subscription });
        else if (narrowed && (await mayHaveCarried(ctx, viewer, subscription, narrowed))) {
          client.send(streamLabel(subscription), "delete", id);
        }
      }
    }
    if (sends.length === 0) continue;
    const status = await render.status(ctx, viewer, id);
    if (status === null) continue;
    const payload = JSON.stringify(status);
    for (const { client, subscription } of sends) {
      client.send(streamLabel(subscription), name, payload);
    }
  }
}

/**
 * A deleted post's id goes to the user streams of its author and their
 * followers, and to public and hashtag streams only when it was public.
 */
async function dispatchDelete(
  ctx: Ctx,
  clients: StreamClient[],
  event: Extract<StreamEvent, { kind: "deleted" }>,
): Promise<void> {
  for (const group of byViewer(clients.filter(readsStatuses)).values()) {
    const viewer = group[0]?.viewer;
    if (!viewer) continue;
    let home: boolean | null = null;
    for (const client of group) {
      for (const subscription of client.subscriptions.values()) {
        if (subscription.stream === "user:notification") continue;
        if (subscription.stream === "user") {
          home ??= await homeIncludesActor(ctx, viewer, event.authorId);
          if (!home) continue;
        } else if (!event.public) {
          continue;
        }
        client.send(streamLabel(subscription), "delete", event.id);
      }
    }
  }
}

async function dispatchNotification(
  ctx: Ctx,
  clients: StreamClient[],
  event: Extract<StreamEvent, { kind: "notification" }>,
  render: StreamRenderers,
): Promise<void> {
  let payload: string | null = null;
  for (const client of clients) {
    const user = client.user;
    if (!user || user.actorId !== event.recipientId) continue;
    if (!scopeAllows(client.token.scopes, "read:notifications")) continue;
    for (const subscription of client.subscriptions.values()) {
      if (subscription.stream !== "user" && subscription.stream !== "user:notification") continue;
      if (payload === null) {
        const notification = await render.notification(ctx, user, event.id);
        if (notification === null) return;
        payload = JSON.stringify(notification);
      }
      client.send(streamLabel(subscription), "notification", payload);
    }
  }
}

/** Sends one committed event to every connected client that may see it. */
export async function dispatchStreamEvent(
  ctx: Ctx,
  clients: Iterable<StreamClient>,
  event: StreamEvent,
  render: StreamRenderers,
): Promise<void> {
  const connected = [...clients].filter((client) => client.subscriptions.size > 0);
  if (connected.length === 0) return;
  if (event.kind === "post") await dispatchPost(ctx, connected, event.id, render, "update");
  else if (event.kind === "edited") {
    await dispatchPost(ctx, connected, event.id, render, "status.update", event.narrowed);
  } else if (event.kind === "deleted") await dispatchDelete(ctx, connected, event);
  else await dispatchNotification(ctx, connected, event, render);
}
