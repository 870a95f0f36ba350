import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** A reader's own server: WebFinger with (or without) a subscribe template. */
function readerServer(withTemplate: boolean) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? "");
    const origin = `http://${req.headers.host}`;
    if (!req.url?.startsWith("/.well-known/webfinger")) {
      res.writeHead(404).end();
      return;
    }
    const links = [{ rel: "self", type: "application/activity+json", href: `${origin}/users/you` }];
    if (withTemplate) {
      links.push({
        rel: "http://ostatus.org/schema/1.0/subscribe",
        template: `${origin}/follow-this?acct={uri}`,
      } as never);
    }
    res.writeHead(200, { "content-type": "application/jrd+json" });
    res.end(JSON.stringify({ subject: "acct:you@example", links }));
  });
  return new Promise<{ host: string; requests: string[]; close: () => void }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ host: `127.0.0.1:${port}`, requests, close: () => server.close() });
    });
  });
}

describe("follow from your server", () => {
  let runtime: TestRuntime;
  let strict: TestRuntime;
  let visitor: TestClient;
  let withTemplate: Awaited<ReturnType<typeof readerServer>>;
  let without: Awaited<ReturnType<typeof readerServer>>;

  before(async () => {
    runtime = await startTestRuntime({ FEDERATION_ALLOW_PRIVATE_ADDRESS: "true" });
    strict = await startTestRuntime();
    await makeMember(runtime.ctx, "ada");
    await makeMember(strict.ctx, "ada");
    visitor = new TestClient(runtime.app);
    withTemplate = await readerServer(true);
    without = await readerServer(false);
  });
  after(async () => {
    withTemplate.close();
    without.close();
    await runtime.close();
    await strict.close();
  });

  it("shows visitors the fediverse address and a form that keeps the page cacheable", async () => {
    const page = await (await visitor.get("/@ada")).text();
    const host = new URL(runtime.ctx.config.publicUrl).host;
    assert.match(page, new RegExp(`<code id="fediverse-address">@ada@${host}</code>`));
    assert.match(
      page,
      /<button type="button"[^>]*data-copy="fediverse-address" hidden>Copy<\/button>/,
    );
    assert.match(page, /<form method="get" action="\/@ada\/remote-follow"/);
    assert.match(page, /<label for="remote-account">Your fediverse address<\/label>/);
    assert.doesNotMatch(page, /name="_csrf"/);
    assert.equal((await visitor.get("/static/copy.js")).status, 200);
  });

  it("leads to the reader's server through its subscribe template", async () => {
    const response = await visitor.get(`/@ada/remote-follow?account=@you@${withTemplate.host}`);
    assert.equal(response.status, 200);
    const page = await response.text();
    const actor = encodeURIComponent(`${runtime.ctx.config.publicUrl}/@ada`);
    assert.ok(
      page.includes(`href="http://${withTemplate.host}/follow-this?acct=${actor}"`),
      "the link fills the template with our actor's URI",
    );
    assert.match(page, /Continue to 127\.0\.0\.1/);
    assert.ok(withTemplate.requests.some((url) => url.includes("resource=acct%3Ayou%40127.0.0.1")));
  });

  it("falls back to Mastodon's authorize_interaction without a template, or for a bare server name", async () => {
    const actor = encodeURIComponent(`${runtime.ctx.config.publicUrl}/@ada`);
    const page = await (
      await visitor.get(`/@ada/remote-follow?account=you@${without.host}`)
    ).text();
    assert.ok(page.includes(`href="http://${without.host}/authorize_interaction?uri=${actor}"`));
    const bare = await (await visitor.get("/@ada/remote-follow?account=social.example")).text();
    assert.ok(bare.includes(`href="http://social.example/authorize_interaction?uri=${actor}"`));
  });

  it("refuses a malformed address with 422 and an unknown member with 404", async () => {
    const bad = await visitor.get("/@ada/remote-follow?account=not%20an%20address");
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /Enter your address like @you@your\.server/);
    assert.equal(
      (await visitor.get("/@nobody/remote-follow?account=@you@social.example")).status,
      404,
    );
    const empty = await visitor.get("/@ada/remote-follow");
    assert.equal(empty.status, 200);
    assert.match(
      await empty.text(),
      /<h1 id="fediverse-follow-heading">Follow @ada from your server<\/h1>/,
    );
  });

  it("never fetches a private address when federation may not", async () => {
    const before = withTemplate.requests.length;
    const page = await (
      await new TestClient(strict.app).get(`/@ada/remote-follow?account=@you@${withTemplate.host}`)
    ).text();
    assert.equal(withTemplate.requests.length, before, "the SSRF guard refused the loopback host");
    assert.ok(page.includes(`href="https://${withTemplate.host}/authorize_interaction?uri=`));
  });

  it("names a subscribe template in WebFinger and answers it", async () => {
    const host = new URL(runtime.ctx.config.publicUrl).host;
    const response = await visitor.request(
      `/.well-known/webfinger?resource=${encodeURIComponent(`acct:ada@${host}`)}`,
    );
    const jrd = (await response.json()) as { links: { rel: string; template?: string }[] };
    const subscribe = jrd.links.find(
      (link) => link.rel === "http://ostatus.org/schema/1.0/subscribe",
    );
    assert.equal(
      subscribe?.template,
      `${runtime.ctx.config.publicUrl}/authorize_interaction?uri={uri}`,
    );
    const uri = "https://social.example/@someone";
    const anonymous = await visitor.get(`/authorize_interaction?uri=${encodeURIComponent(uri)}`);
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get("location") ?? "", /^\/sign-in\?next=%2Fsearch%3Fq%3D/);
    const member = await signedInClient(runtime, await makeMember(runtime.ctx, "reader"));
    const signedIn = await member.get(`/authorize_interaction?uri=${encodeURIComponent(uri)}`);
    assert.equal(signedIn.headers.get("location"), `/search?q=${encodeURIComponent(uri)}`);
  });
});
