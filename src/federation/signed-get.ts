import { signRequest } from "@fedify/fedify";
import {
  SAFE_FETCH_DEFAULTS,
  type SafeFetchOptions,
  SsrfError,
  safeFetch,
  timeoutController,
} from "../media/safe-fetch.ts";

/** A signing identity: Fedify hands one to an authenticated loader (authorized fetch). */
export interface Signer {
  keyId: URL;
  privateKey: CryptoKey;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * A GET through the SSRF guard with an HTTP Signature (draft-cavage, as
 * Mastodon expects) made for each hop: a signature covers its URL's
 * `(request-target)` and `host`, so after a redirect on the same origin the
 * new request is signed anew, never sent with the first one's signature.
 * A hop to another origin goes unsigned (as the guard drops credentials
 * there). One time limit, `guard.timeoutMs`, covers every hop.
 */
export async function signedGet(
  url: string,
  options: { guard: SafeFetchOptions; signer: Signer; headers: HeadersInit; signal?: AbortSignal },
): Promise<Response> {
  const { guard, signer } = options;
  const first = new URL(url);
  const timeoutMs = guard.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs;
  const deadline = timeoutController(timeoutMs).controller;
  const signals = [options.signal, guard.signal, deadline.signal].filter((s) => s !== undefined);
  const signal = AbortSignal.any(signals);
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    let headers = new Headers(options.headers);
    if (hop.origin === first.origin) {
      const request = new Request(hop, { headers });
      headers = (await signRequest(request, signer.privateKey, signer.keyId)).headers;
    }
    const response = await safeFetch(hop, { ...guard, signal, headers, redirect: "manual" });
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || !location) return response;
    await response.body?.cancel();
    if (redirects >= MAX_REDIRECTS) {
      throw new SsrfError("too-many-redirects", `More than ${MAX_REDIRECTS} redirects`);
    }
    try {
      hop = new URL(location, hop);
    } catch {
      throw new SsrfError("bad-url", `Redirect to something that is not a URL: ${location}`);
    }
  }
}
