import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { safeDocumentLoader } from "../src/federation/safe-document-loader.ts";
import { isForbiddenAddress, type Resolve, SsrfError, safeFetch } from "../src/media/safe-fetch.ts";

/** [range, a refused address, a neighbouring allowed address] */
const RANGES: [string, string, string][] = [
  ["0.0.0.0/8", "0.1.2.3", "1.0.0.1"],
  ["10/8", "10.255.0.1", "11.0.0.1"],
  ["100.64/10 (CGNAT)", "100.127.255.254", "100.128.0.1"],
  ["127/8", "127.0.0.1", "128.0.0.1"],
  ["169.254/16", "169.254.169.254", "169.255.0.1"],
  ["172.16/12", "172.31.255.1", "172.32.0.1"],
  ["192.0.0/24", "192.0.0.8", "192.0.1.1"],
  ["192.0.2/24", "192.0.2.10", "192.0.3.1"],
  ["192.168/16", "192.168.1.1", "192.169.0.1"],
  ["198.18/15", "198.19.0.1", "198.20.0.1"],
  ["198.51.100/24", "198.51.100.7", "198.51.101.1"],
  ["203.0.113/24", "203.0.113.9", "203.0.114.1"],
  ["224/4 (multicast)", "239.255.255.250", "223.255.255.254"],
  ["240/4", "240.0.0.1", "223.1.1.1"],
  ["255.255.255.255", "255.255.255.255", "8.8.8.8"],
  ["::", "::", "2606:4700::1111"],
  ["::1", "::1", "2606:4700::1"],
  ["fc00::/7", "fd12:3456::1", "fe00::1"],
  ["fc00::/7 (low end)", "fc00::1", "fbff::1"],
  ["fe80::/10", "fe80::1%eth0", "fec0::1"],
  ["fe80::/10 (high end)", "febf::1", "2a00:1450::1"],
  ["ff00::/8", "ff02::1", "2600::1"],
  ["::ffff:0:0/96 mapped", "::ffff:127.0.0.1", "::ffff:8.8.8.8"],
  ["::ffff:0:0/96 mapped (hex)", "::ffff:a00:1", "::ffff:808:808"],
  ["::ffff:0:0/96 mapped metadata", "::ffff:169.254.169.254", "::ffff:1.1.1.1"],
  ["64:ff9b::/96 NAT64", "64:ff9b::10.0.0.1", "64:ff9b::8.8.8.8"],
  ["64:ff9b::/96 NAT64 (hex)", "64:ff9b::7f00:1", "64:ff9b::101:101"],
  ["64:ff9b:1::/48 local NAT64", "64:ff9b:1::8.8.8.8", "64:ff9c::1"],
  ["2002::/16 6to4", "2002:c0a8:0101::1", "2002:0808:0808::1"],
  ["2001:db8::/32", "2001:db8::1", "2001:db9::1"],
];

describe("isForbiddenAddress", () => {
  for (const [range, refused, allowed] of RANGES) {
    it(`refuses ${refused} (${range}) and allows ${allowed}`, () => {
      assert.equal(isForbiddenAddress(refused), true, refused);
      assert.equal(isForbiddenAddress(allowed), false, allowed);
    });
  }

  it("refuses what is not an IP address at all", () => {
    assert.equal(isForbiddenAddress("example.org"), true);
    assert.equal(isForbiddenAddress(""), true);
  });
});

describe("safeFetch", () => {
  let server: http.Server;
  let port = 0;
  before(async () => {
    server = http.createServer((request, response) => {
      const path = request.url ?? "/";
      if (path === "/hello") response.end("hello");
      else if (path === "/to-metadata") {
        response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
        response.end();
      } else if (path === "/to-hello") {
        response.writeHead(301, { location: "/hello" });
        response.end();
      } else if (path === "/loop") {
        response.writeHead(302, { location: "/loop" });
        response.end();
      } else if (path === "/big") {
        // Chunked, no Content-Length: the cap must hold while streaming.
        for (let i = 0; i < 64; i++) response.write(Buffer.alloc(1024, 97));
        response.end();
      } else if (path === "/big-declared") {
        response.writeHead(200, { "content-length": String(1024 * 1024) });
        response.end(Buffer.alloc(1024 * 1024));
      } else if (path === "/drip") {
        response.write("a"); // …and never ends
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  /** A made-up public-looking name that really points at our loopback server. */
  const toLoopback: Resolve = async () => [{ address: "127.0.0.1", family: 4 }];

  async function refusal(promise: Promise<unknown>, reason: SsrfError["reason"]) {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof SsrfError, `expected SsrfError, got ${String(error)}`);
      assert.equal(error.reason, reason);
      return true;
    });
  }

  it("refuses a loopback server unless private addresses are allowed", async () => {
    await refusal(safeFetch(`http://127.0.0.1:${port}/hello`), "forbidden-address");
    const response = await safeFetch(`http://127.0.0.1:${port}/hello`, { allowPrivate: true });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "hello");
  });

  it("refuses loopback written as IPv6, IPv4-mapped, decimal or hex", async () => {
    for (const host of ["[::1]", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1"]) {
      await refusal(safeFetch(`http://${host}:${port}/hello`), "forbidden-address");
    }
  });

  it("refuses a DNS name that resolves to 127.0.0.1", async () => {
    await refusal(safeFetch(`http://localhost:${port}/hello`), "forbidden-address");
    await refusal(
      safeFetch(`http://public.example:${port}/hello`, { resolve: toLoopback }),
      "forbidden-address",
    );
  });

  it("refuses a name when any one of its addresses is forbidden", async () => {
    const mixed: Resolve = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    await refusal(safeFetch("http://mixed.example/", { resolve: mixed }), "forbidden-address");
  });

  it("re-checks every redirect hop: a redirect to the metadata address is refused", async () => {
    // Only the first host is trusted (it stands for a public server); the redirect
    // target is checked like any other hop.
    const response = await safeFetch(`http://127.0.0.1:${port}/to-hello`, { allowPrivate: true });
    assert.equal(await response.text(), "hello", "a same-origin redirect is followed");
    const trusted = {
      resolve: toLoopback,
      allowPrivateHost: (host: string) => host === "public.example",
    };
    const first = await safeFetch(`http://public.example:${port}/hello`, trusted);
    assert.equal(await first.text(), "hello", "the first host itself is reachable");
    await refusal(
      safeFetch(`http://public.example:${port}/to-metadata`, trusted),
      "forbidden-address",
    );
  });

  it("stops after maxRedirects", async () => {
    await refusal(
      safeFetch(`http://127.0.0.1:${port}/loop`, { allowPrivate: true, maxRedirects: 3 }),
      "too-many-redirects",
    );
  });

  it("caps the body size while streaming and by Content-Length", async () => {
    const streamed = await safeFetch(`http://127.0.0.1:${port}/big`, {
      allowPrivate: true,
      maxBytes: 4096,
    });
    await refusal(streamed.arrayBuffer(), "too-large");
    await refusal(
      safeFetch(`http://127.0.0.1:${port}/big-declared`, { allowPrivate: true, maxBytes: 4096 }),
      "too-large",
    );
    const fits = await safeFetch(`http://127.0.0.1:${port}/big`, { allowPrivate: true });
    assert.equal((await fits.arrayBuffer()).byteLength, 64 * 1024);
  });

  it("gives up on a server that drips", async () => {
    const dripping = await safeFetch(`http://127.0.0.1:${port}/drip`, {
      allowPrivate: true,
      timeoutMs: 200,
    });
    await refusal(dripping.text(), "timeout");
  });

  it("refuses schemes other than http and https, and non-URLs", async () => {
    await refusal(safeFetch("file:///etc/passwd"), "scheme");
    await refusal(safeFetch("ftp://example.org/"), "scheme");
    await refusal(safeFetch("data:text/plain,hi"), "scheme");
    await refusal(safeFetch("not a url"), "bad-url");
  });
});

describe("safeDocumentLoader (Fedify's loader in production)", () => {
  let server: http.Server;
  let port = 0;
  before(async () => {
    server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/activity+json" });
      response.end(JSON.stringify({ id: "http://public.example/actor", type: "Person" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("loads a document from an allowed host and refuses loopback", async () => {
    const loader = safeDocumentLoader("Outloud-test", {
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
      allowPrivateHost: (host) => host === "public.example",
    });
    const remote = await loader(`http://public.example:${port}/actor`);
    assert.deepEqual(remote.document, { id: "http://public.example/actor", type: "Person" });
    await assert.rejects(loader(`http://127.0.0.1:${port}/actor`), SsrfError);
    await assert.rejects(
      safeDocumentLoader("Outloud-test")(`http://localhost:${port}/actor`),
      SsrfError,
    );
  });

  it("answers the preloaded ActivityStreams context without any request", async () => {
    const remote = await safeDocumentLoader("Outloud-test", {
      resolve: async () => {
        throw new Error("no DNS expected");
      },
    })("https://www.w3.org/ns/activitystreams");
    assert.ok(remote.document);
  });
});
