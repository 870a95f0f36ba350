import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { type ApiToken, scopeAllows, tokenFromBearer } from "../domain/api/index.ts";
import { subscribeStream } from "../domain/api/stream-listener.ts";
import type { Ctx } from "../domain/context.ts";
import { ANONYMOUS } from "../domain/viewer.ts";
import { logger } from "../log.ts";
import {
  dispatchStreamEvent,
  type StreamClient,
  type StreamRenderers,
} from "./streaming-dispatch.ts";
import { streamRenderers } from "./streaming-render.ts";
import {
  needsUser,
  parseClientMessage,
  type Subscription,
  subscriptionFromQuery,
  subscriptionKey,
} from "./streaming-subscriptions.ts";

/**
 * Mastodon's streaming API over WebSocket, at `/api/v1/streaming` on the same
 * port as the app: `?stream=user&access_token=…` (megalodon) or a bare
 * connection that sends `{"type":"subscribe","stream":"user"}` with the token
 * as `Sec-WebSocket-Protocol` (masto, Elk). Events come from PostgreSQL
 * (`outloud_stream`, one LISTEN per process) and each client receives only
 * what its own viewer may see, loaded through the domain views.
 */

const log = logger("api", "streaming");
export const STREAMING_PATH = "/api/v1/streaming";
const HEARTBEAT_MS = 30_000;
/** A client sending more than this per message is not a streaming client. */
const MAX_MESSAGE_BYTES = 4096;
const MAX_SUBSCRIPTIONS = 32;

interface UpgradeSource {
  on(
    event: "upgrade",
    listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ): unknown;
}

/** The token a connection presents: query, WebSocket protocol or Authorization header. */
function presentedToken(request: IncomingMessage, url: URL): string | null {
  const query = url.searchParams.get("access_token");
  if (query) return query;
  const protocol = request.headers["sec-websocket-protocol"]?.split(",")[0]?.trim();
  if (protocol) return protocol;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  return match?.[1] ?? null;
}

function refuse(socket: Duplex, status: 400 | 401 | 403 | 404, message: string): void {
  const body = JSON.stringify({ error: message });
  const reason = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" };
  socket.end(
    `HTTP/1.1 ${status} ${reason[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

class Connection implements StreamClient {
  readonly token: ApiToken;
  /** The token as presented: checked again at each heartbeat (a revoked one ends the stream). */
  readonly secret: string;
  readonly socket: WebSocket;
  readonly subscriptions = new Map<string, Subscription>();
  alive = true;

  constructor(token: ApiToken, secret: string, socket: WebSocket) {
    this.token = token;
    this.secret = secret;
    this.socket = socket;
  }

  get user() {
    return this.token.user;
  }

  get viewer() {
    return this.token.user ?? ANONYMOUS;
  }

  send(label: string[], event: string, payload: string): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify({ stream: label, event, payload }));
  }

  error(message: string, status = 400): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify({ error: message, status }));
  }

  /** Adds a subscription the token allows; says why otherwise. */
  subscribe(subscription: Subscription): string | null {
    if (needsUser(subscription.stream) && !this.token.user) {
      return "This stream requires an authenticated user";
    }
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) return "Too many subscriptions";
    this.subscriptions.set(subscriptionKey(subscription), subscription);
    return null;
  }

  onMessage(text: string): void {
    const message = parseClientMessage(text);
    if ("error" in message) {
      this.error(message.error);
      return;
    }
    if (!message.subscription.ok) {
      this.error(message.subscription.error);
      return;
    }
    if (message.type === "unsubscribe") {
      this.subscriptions.delete(subscriptionKey(message.subscription.value));
      return;
    }
    const refused = this.subscribe(message.subscription.value);
    if (refused) this.error(refused, 401);
  }
}

/** May this token stream at all: some read scope for statuses or notifications. */
function mayStream(token: ApiToken): boolean {
  return (
    scopeAllows(token.scopes, "read:statuses") || scopeAllows(token.scopes, "read:notifications")
  );
}

export interface Streaming {
  /** Connected clients (tests and metrics). */
  readonly size: number;
  /** Subscriptions over all clients (tests wait for theirs before publishing). */
  readonly subscriptions: number;
  close(): Promise<void>;
}

/**
 * Serves the streaming API on `server`'s upgrade requests to
 * `/api/v1/streaming` (other upgrades are refused). Call once per server.
 */
export function attachStreaming(
  server: UpgradeSource,
  ctx: Ctx,
  options: { render?: StreamRenderers; heartbeatMs?: number } = {},
): Streaming {
  const render = options.render ?? streamRenderers;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // The token sent as the protocol is echoed back, as Mastodon does (browsers require it).
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  const connections = new Set<Connection>();
  // Events are sent in the order they were committed.
  let queue = Promise.resolve();
  let stopListening: Promise<() => Promise<void>> | null = null;
  const listen = () => {
    stopListening ??= subscribeStream(ctx, (event) => {
      queue = queue
        .then(() => dispatchStreamEvent(ctx, connections, event, render))
        .catch((error) => log.error("Streaming an event failed: {error}", { error }));
    });
    return stopListening;
  };

  /** Ends the streams of tokens revoked since they connected. */
  async function dropRevoked(): Promise<void> {
    const secrets = new Set([...connections].map((connection) => connection.secret));
    for (const secret of secrets) {
      if (await tokenFromBearer(ctx, secret)) continue;
      for (const connection of connections) {
        if (connection.secret === secret)
          connection.socket.close(1008, "The access token was revoked");
      }
    }
  }

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
    dropRevoked().catch((error) =>
      log.error("Checking streaming tokens failed: {error}", { error }),
    );
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname.replace(/\/$/, "") !== STREAMING_PATH) {
      return refuse(socket, 404, "Not found");
    }
    const presented = presentedToken(request, url);
    if (!presented) return refuse(socket, 401, "Missing access token");
    const token = await tokenFromBearer(ctx, presented);
    if (!token) return refuse(socket, 401, "The access token is invalid");
    if (!mayStream(token))
      return refuse(socket, 403, "This action is outside the authorized scopes");
    const initial = subscriptionFromQuery(url.searchParams);
    if (initial && !initial.ok) return refuse(socket, 400, initial.error);
    if (initial?.ok && needsUser(initial.value.stream) && !token.user) {
      return refuse(socket, 401, "This stream requires an authenticated user");
    }
    // Events committed from here on reach this client.
    await listen();
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = new Connection(token, presented, ws);
      if (initial?.ok) connection.subscribe(initial.value);
      connections.add(connection);
      ws.on("pong", () => (connection.alive = true));
      ws.on("message", (data, isBinary) => {
        if (!isBinary) connection.onMessage(data.toString());
      });
      ws.on("close", () => connections.delete(connection));
      ws.on("error", () => connections.delete(connection));
    });
  }

  server.on("upgrade", (request, socket, head) => {
    upgrade(request, socket, head).catch((error) => {
      log.error("A streaming connection failed: {error}", { error });
      socket.destroy();
    });
  });

  return {
    get size() {
      return connections.size;
    },
    get subscriptions() {
      let count = 0;
      for (const connection of connections) count += connection.subscriptions.size;
      return count;
    },
    async close() {
      clearInterval(heartbeat);
      for (const connection of connections) connection.socket.terminate();
      connections.clear();
      wss.close();
      if (stopListening) await (await stopListening)();
      await queue;
    },
  };
}
