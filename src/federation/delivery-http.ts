import { AsyncLocalStorage } from "node:async_hooks";
import { type Dispatcher, getGlobalDispatcher, setGlobalDispatcher } from "undici";
import type { Ctx } from "../domain/context.ts";
import { guardedAgent } from "../media/guarded-agent.ts";

/**
 * Deliveries through the SSRF guard (docs/adr/0024-deliveries-through-the-guard.md).
 *
 * Fedify 2.3.8 posts activities with the process's global `fetch` and takes
 * no other. Node's `fetch` sends through undici's global dispatcher, so one
 * is installed that, while Fedify runs a delivery message, routes the request
 * to this runtime's guarded agent (DNS checked and pinned, every phase
 * time-limited, and the whole exchange under one deadline) and otherwise to
 * the dispatcher that was there before:
 * the S3 client, also on `fetch`, still reaches an endpoint on a private
 * address, and nothing outside deliveries changes.
 */

interface DeliveryScope {
  agent: Dispatcher;
  deadlineMs: number;
}

/** The guarded agent of the runtime whose delivery is running, if any. */
const scope = new AsyncLocalStorage<DeliveryScope>();

let installed: Dispatcher | null = null;

/** Makes the global dispatcher ours (again, if something replaced it since). */
function ensureInstalled() {
  const current = getGlobalDispatcher();
  if (current === installed) return;
  installed = current.compose((dispatch) => (options, handler) => {
    const guarded = scope.getStore();
    if (!guarded) return dispatch(options, handler);
    return guarded.agent.dispatch(options, withDeadline(handler, guarded.deadlineMs));
  });
  setGlobalDispatcher(installed);
}

/** Why a delivery was cut off: its server took longer than the deadline in all. */
export class DeliveryDeadlineError extends Error {
  constructor(ms: number) {
    super(`The delivery took longer than ${ms / 1000} s in all`);
    this.name = "DeliveryDeadlineError";
  }
}

/**
 * Aborts an exchange that has not ended `ms` after its request started. The
 * agent's own limits are per phase: a server that sends a byte now and then
 * (an error page Fedify reads, a body nobody reads) would otherwise hold the
 * connection, and the delivery lane, for as long as it likes.
 */
function withDeadline(handler: Dispatcher.DispatchHandler, ms: number): Dispatcher.DispatchHandler {
  let timer: NodeJS.Timeout | undefined;
  const stop = () => clearTimeout(timer);
  return {
    onRequestStart(controller, context) {
      timer = setTimeout(() => controller.abort(new DeliveryDeadlineError(ms)), ms);
      timer.unref();
      handler.onRequestStart?.(controller, context);
    },
    onRequestUpgrade: (controller, status, headers, socket) =>
      handler.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller, status, headers, message) =>
      handler.onResponseStart?.(controller, status, headers, message),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd(controller, trailers) {
      stop();
      handler.onResponseEnd?.(controller, trailers);
    },
    onResponseError(controller, error) {
      stop();
      handler.onResponseError?.(controller, error);
    },
  };
}

const scopes = new WeakMap<Ctx, DeliveryScope>();

/**
 * One pool per runtime: private addresses only in tests; the federation fetch
 * time limit for each phase, and for the whole exchange.
 */
function scopeFor(ctx: Ctx): DeliveryScope {
  let found = scopes.get(ctx);
  if (!found) {
    const timeoutMs = ctx.config.federationFetchTimeoutMs;
    found = {
      agent: guardedAgent({ allowPrivate: ctx.config.federationAllowPrivateAddress, timeoutMs }),
      deadlineMs: timeoutMs,
    };
    scopes.set(ctx, found);
  }
  return found;
}

/**
 * Runs one of Fedify's queued messages. Every message but a received
 * activity (deliveries, fan-out) runs with its `fetch` guarded; received
 * activities run our inbox code, whose own fetches are guarded already and
 * whose media storage may be an S3 endpoint on a private address.
 */
export function runFedifyMessage<T>(ctx: Ctx, message: unknown, run: () => Promise<T>) {
  const type = (message as { type?: unknown } | null)?.type;
  if (type === "inbox") return run();
  ensureInstalled();
  return scope.run(scopeFor(ctx), run);
}
