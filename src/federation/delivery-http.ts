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
 * time-limited) and otherwise to the dispatcher that was there before:
 * the S3 client, also on `fetch`, still reaches an endpoint on a private
 * address, and nothing outside deliveries changes.
 */

/** The guarded agent of the runtime whose delivery is running, if any. */
const scope = new AsyncLocalStorage<Dispatcher>();

let installed: Dispatcher | null = null;

/** Makes the global dispatcher ours (again, if something replaced it since). */
function ensureInstalled() {
  const current = getGlobalDispatcher();
  if (current === installed) return;
  installed = current.compose((dispatch) => (options, handler) => {
    const guarded = scope.getStore();
    return guarded ? guarded.dispatch(options, handler) : dispatch(options, handler);
  });
  setGlobalDispatcher(installed);
}

const agents = new WeakMap<Ctx, Dispatcher>();

/** One pool per runtime: private addresses only in tests, the federation fetch time limit. */
function agentFor(ctx: Ctx): Dispatcher {
  let agent = agents.get(ctx);
  if (!agent) {
    agent = guardedAgent({
      allowPrivate: ctx.config.federationAllowPrivateAddress,
      timeoutMs: ctx.config.federationFetchTimeoutMs,
    });
    agents.set(ctx, agent);
  }
  return agent;
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
  return scope.run(agentFor(ctx), run);
}
