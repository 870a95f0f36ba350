import type { LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { Agent, buildConnector } from "undici";
import { isForbiddenAddress } from "./forbidden-address.ts";
import { type HostGuard, SsrfError, vettedHostAddresses } from "./safe-fetch.ts";

/**
 * A `lookup` for sockets that resolves through the SSRF guard: the socket
 * connects only to the addresses just vetted (no second DNS answer to
 * rebind), and a host with any forbidden address fails to connect.
 */
export function guardedLookup(guard: HostGuard): LookupFunction {
  return (host, options, callback) => {
    vettedHostAddresses(host, guard).then(
      (addresses) => {
        if (options.all) {
          (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
        } else {
          const first = addresses[0] as LookupAddress;
          callback(null, first.address, first.family);
        }
      },
      (error: Error) => callback(error, "", 0),
    );
  };
}

/**
 * An undici `Agent` (the connection pool behind Node's global `fetch`) whose
 * every connection goes through the SSRF guard: names resolved and checked by
 * `guardedLookup`, IP literals (which never reach a lookup) checked here, and
 * each phase time-limited: connecting, waiting for the response headers, and
 * any pause while the body streams. Keep-alive pooling stays as in fetch.
 */
export function guardedAgent(guard: HostGuard & { timeoutMs: number }): Agent {
  const connector = buildConnector({ timeout: guard.timeoutMs, lookup: guardedLookup(guard) });
  return new Agent({
    headersTimeout: guard.timeoutMs,
    bodyTimeout: guard.timeoutMs,
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, "");
      const trusted = guard.allowPrivate || guard.allowPrivateHost?.(host);
      if (isIP(host) && isForbiddenAddress(host) && !trusted) {
        callback(new SsrfError("forbidden-address", `${host} is a refused address`), null);
        return;
      }
      connector(options, callback);
    },
  });
}
