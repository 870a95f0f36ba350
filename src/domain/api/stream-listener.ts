import type postgres from "postgres";
import type { Ctx } from "../context.ts";
import { STREAM_CHANNEL, type StreamEvent } from "../stream.ts";

/**
 * Live events for this process: ONE `LISTEN outloud_stream` however many
 * clients are connected, fanned out in memory. Every web process listens on
 * its own, so streaming needs no shared state between processes.
 */

type Listener = (event: StreamEvent) => void;

interface Hub {
  listeners: Set<Listener>;
  /** Resolves once PostgreSQL confirmed the LISTEN; stops it. */
  listening: Promise<{ unlisten(): Promise<void> }> | null;
}

const hubs = new WeakMap<object, Hub>();

function isStreamEvent(value: unknown): value is StreamEvent {
  if (value === null || typeof value !== "object") return false;
  const event = value as Record<string, unknown>;
  if (typeof event.id !== "string") return false;
  if (event.kind === "post" || event.kind === "edited") return true;
  if (event.kind === "deleted") return typeof event.authorId === "string";
  if (event.kind === "notification") return typeof event.recipientId === "string";
  return false;
}

function parseEvent(payload: string): StreamEvent | null {
  try {
    const value: unknown = JSON.parse(payload);
    return isStreamEvent(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Calls `listener` with every stream event committed by any process, from
 * now on. Resolves once the LISTEN is in place (events committed before that
 * are not seen); the returned function stops listening for this listener,
 * and the last one to go releases the connection.
 */
export async function subscribeStream(ctx: Ctx, listener: Listener): Promise<() => Promise<void>> {
  // The pool's own client (drizzle keeps it as `$client`): LISTEN holds a connection of its own.
  const db = ctx.db as unknown as { $client?: postgres.Sql };
  if (!db.$client) throw new Error("Streaming needs the connection pool, not a transaction");
  const client = db.$client;
  let hub = hubs.get(db);
  if (!hub) {
    hub = { listeners: new Set(), listening: null };
    hubs.set(db, hub);
  }
  const current = hub;
  current.listeners.add(listener);
  if (!current.listening) {
    current.listening = client.listen(STREAM_CHANNEL, (payload) => {
      const event = parseEvent(payload);
      if (!event) return;
      for (const each of current.listeners) {
        try {
          each(event);
        } catch (error) {
          ctx.log.error("A stream listener failed: {error}", { error });
        }
      }
    });
  }
  try {
    await current.listening;
  } catch (error) {
    current.listeners.delete(listener);
    current.listening = null;
    throw error;
  }
  return async () => {
    current.listeners.delete(listener);
    if (current.listeners.size > 0 || !current.listening) return;
    const listening = current.listening;
    current.listening = null;
    await (await listening).unlisten().catch(() => {});
  };
}
