import { promises as dns, type LookupAddress } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { isForbiddenAddress } from "./forbidden-address.ts";

export { isForbiddenAddress } from "./forbidden-address.ts";

export type SsrfReason =
  | "bad-url"
  | "scheme"
  | "dns"
  | "forbidden-address"
  | "too-many-redirects"
  | "too-large"
  | "timeout"
  | "network";

/** Why the guard refused or stopped a fetch; never a crash. */
export class SsrfError extends Error {
  readonly reason: SsrfReason;
  constructor(reason: SsrfReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SsrfError";
    this.reason = reason;
  }
}

/** Resolves a host name to every address (the shape of `dns.promises.lookup(host, { all: true })`). */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

export interface SafeFetchOptions {
  /** Allow private and loopback addresses (only FEDERATION_ALLOW_PRIVATE_ADDRESS=true, for tests). */
  allowPrivate?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  headers?: HeadersInit;
  method?: string;
  body?: string | Uint8Array | null;
  /** Aborts the fetch (the caller's own deadline). */
  signal?: AbortSignal;
  /** Hosts trusted even on private addresses (tests; an operator's own internal host). */
  allowPrivateHost?: (host: string) => boolean;
  /** Replaces DNS (tests map made-up names to addresses). */
  resolve?: Resolve;
  /** "manual": a redirect is returned as it is, not followed (the caller follows it). */
  redirect?: "follow" | "manual";
}

export const SAFE_FETCH_DEFAULTS = {
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 5,
};

const defaultResolve: Resolve = (host) => dns.lookup(host, { all: true, verbatim: true });

/** What decides whether a host may be reached (a subset of SafeFetchOptions). */
export type HostGuard = Pick<SafeFetchOptions, "allowPrivate" | "allowPrivateHost" | "resolve">;

/**
 * Resolves a host (a name or an IP literal, brackets allowed) and refuses it
 * when ANY of its addresses is forbidden; returns the vetted addresses, which
 * the caller must connect to (pinned), never resolving the name again.
 */
export async function vettedHostAddresses(
  hostname: string,
  options: HostGuard,
): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  let addresses: LookupAddress[];
  if (family) {
    addresses = [{ address: host, family }];
  } else {
    try {
      addresses = await (options.resolve ?? defaultResolve)(host);
    } catch (cause) {
      throw new SsrfError("dns", `Cannot resolve ${host}`, { cause });
    }
    if (addresses.length === 0) throw new SsrfError("dns", `No address for ${host}`);
  }
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad && !options.allowPrivate && !options.allowPrivateHost?.(host)) {
    throw new SsrfError(
      "forbidden-address",
      `${host} resolves to a refused address ${bad.address}`,
    );
  }
  return addresses;
}

/** A `lookup` for http.request that answers only the vetted addresses: no second DNS query. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_host, options, callback) => {
    const first = addresses[0] as LookupAddress;
    if (options.all) (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };
}

function parseUrl(input: string | URL): URL {
  try {
    return new URL(input);
  } catch {
    throw new SsrfError("bad-url", `Not a URL: ${String(input)}`);
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Hop {
  url: URL;
  method: string;
  body: string | Uint8Array | null;
  headers: Headers;
}

function send(hop: Hop, addresses: LookupAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  const client = hop.url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(hop.url, {
      method: hop.method,
      headers: Object.fromEntries(hop.headers),
      lookup: pinnedLookup(addresses),
      signal,
      agent: false,
    });
    request.on("response", resolve);
    request.on("error", (cause) =>
      reject(
        signal.aborted
          ? signal.reason
          : new SsrfError("network", `Fetching ${hop.url.href} failed`, { cause }),
      ),
    );
    request.end(hop.body ?? undefined);
  });
}

/** The next hop of a redirect, or null when the response is final. */
function nextHop(hop: Hop, response: IncomingMessage): Hop | null {
  const status = response.statusCode ?? 0;
  const location = response.headers.location;
  if (!REDIRECTS.has(status) || !location) return null;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new SsrfError("bad-url", `Redirect to something that is not a URL: ${location}`);
  }
  const headers = new Headers(hop.headers);
  if (url.origin !== hop.url.origin) {
    // Credentials are for the origin they were meant for.
    for (const name of ["authorization", "cookie", "signature", "signature-input"])
      headers.delete(name);
  }
  const toGet = status === 303 || ((status === 301 || status === 302) && hop.method === "POST");
  if (toGet) {
    headers.delete("content-type");
    headers.delete("content-length");
    return { url, method: "GET", body: null, headers };
  }
  return { ...hop, url, headers };
}

/** The body as a web stream that errors once it passes maxBytes. */
function cappedBody(
  response: IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
  done: () => void,
) {
  let seen = 0;
  const capped = new Readable({ read() {} });
  const onAbort = () => {
    response.destroy();
    capped.destroy(signal.reason);
  };
  signal.addEventListener("abort", onAbort, { once: true });
  response.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > maxBytes) {
      response.destroy();
      capped.destroy(new SsrfError("too-large", `The response is over ${maxBytes} bytes`));
      done();
      return;
    }
    capped.push(chunk);
  });
  response.on("end", () => {
    capped.push(null);
    done();
  });
  response.on("error", (error) => {
    capped.destroy(signal.aborted ? signal.reason : error);
    done();
  });
  response.on("close", () => {
    signal.removeEventListener("abort", onAbort);
    if (!response.complete && !capped.destroyed) {
      capped.destroy(new SsrfError("network", "The connection closed before the end of the body"));
    }
  });
  return Readable.toWeb(capped) as ReadableStream<Uint8Array>;
}

/** An abort controller that aborts with SsrfError("timeout") after `timeoutMs` (the timer never holds the process). */
export function timeoutController(timeoutMs: number) {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new SsrfError("timeout", `No complete answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  timer.unref();
  return { controller, timer };
}

/**
 * Fetches a URL Outloud chose to fetch by itself (remote media, avatars,
 * WebFinger, documents) without letting it reach internal addresses:
 * http(s) only, DNS resolved and checked before connecting, the connection
 * pinned to the checked addresses, every redirect hop re-checked, size and
 * total time capped. Returns a standard Response; throws SsrfError.
 */
export async function safeFetch(
  input: string | URL,
  options: SafeFetchOptions = {},
): Promise<Response> {
  const maxBytes = options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes;
  const timeoutMs = options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs;
  const maxRedirects = options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects;
  const { controller, timer } = timeoutController(timeoutMs);
  options.signal?.addEventListener("abort", () => controller.abort(options.signal?.reason), {
    once: true,
  });
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  const stop = () => clearTimeout(timer);
  let hop: Hop = {
    url: parseUrl(input),
    method: (options.method ?? "GET").toUpperCase(),
    body: options.body ?? null,
    headers: new Headers(options.headers),
  };
  try {
    for (let redirects = 0; ; redirects++) {
      if (hop.url.protocol !== "http:" && hop.url.protocol !== "https:") {
        throw new SsrfError(
          "scheme",
          `Only http and https can be fetched (got ${hop.url.protocol})`,
        );
      }
      const addresses = await vettedHostAddresses(hop.url.hostname, options);
      if (controller.signal.aborted) throw controller.signal.reason;
      const response = await send(hop, addresses, controller.signal);
      const next = options.redirect === "manual" ? null : nextHop(hop, response);
      if (!next) return toResponse(response, hop.url, maxBytes, controller.signal, stop);
      response.destroy();
      if (redirects >= maxRedirects) {
        throw new SsrfError("too-many-redirects", `More than ${maxRedirects} redirects`);
      }
      hop = next;
    }
  } catch (error) {
    stop();
    throw error;
  }
}

function toResponse(
  response: IncomingMessage,
  url: URL,
  maxBytes: number,
  signal: AbortSignal,
  done: () => void,
) {
  const length = Number(response.headers["content-length"] ?? Number.NaN);
  if (length > maxBytes) {
    response.destroy();
    throw new SsrfError("too-large", `The response is ${length} bytes, over ${maxBytes}`);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const status = response.statusCode ?? 502;
  const noBody = status === 204 || status === 304 || status < 200;
  const body = noBody ? null : cappedBody(response, maxBytes, signal, done);
  if (noBody) {
    response.destroy();
    done();
  }
  const result = new Response(body, { status, statusText: response.statusMessage, headers });
  Object.defineProperty(result, "url", { value: url.href });
  return result;
}
