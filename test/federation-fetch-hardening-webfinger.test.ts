import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

interface Jrd {
  subject: string;
  links: { rel: string; href?: string; type?: string }[];
}

/** The instance actor has a WebFinger address, as Mastodon's does: acct:<host>@<host>. */
describe("the instance actor's WebFinger address", () => {
  let runtime: TestRuntime;
  let dotless: TestRuntime;

  const webFinger = (on: TestRuntime, resource: string) =>
    on.app.request(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`, {
      headers: { accept: "application/jrd+json" },
    });
  const selfOf = (jrd: Jrd) => jrd.links.find((link) => link.rel === "self");

  before(async () => {
    [runtime, dotless] = await Promise.all([
      startTestRuntime({ PUBLIC_URL: "https://outloud.example" }),
      startTestRuntime({ PUBLIC_URL: "http://localhost:3000" }),
    ]);
  });
  after(async () => {
    await Promise.all([runtime?.close(), dotless?.close()]);
  });

  it("answers acct:<host>@<host> with the instance actor, and its URL too", async () => {
    for (const resource of [
      "acct:outloud.example@outloud.example",
      "https://outloud.example/actor",
    ]) {
      const response = await webFinger(runtime, resource);
      assert.equal(response.status, 200, resource);
      assert.match(response.headers.get("content-type") ?? "", /application\/jrd\+json/);
      const jrd = (await response.json()) as Jrd;
      assert.equal(jrd.subject, "acct:outloud.example@outloud.example");
      assert.deepEqual(selfOf(jrd), {
        rel: "self",
        type: "application/activity+json",
        href: "https://outloud.example/actor",
      });
    }
    // The actor there names itself by the same user part.
    const actor = await runtime.app.request("/actor", {
      headers: { accept: "application/activity+json" },
    });
    const body = (await actor.json()) as { preferredUsername?: string; type?: string };
    assert.equal(body.type, "Application");
    assert.equal(body.preferredUsername, "outloud.example");
  });

  it("still answers members, and nobody else under the host's name", async () => {
    await makeMember(runtime.ctx, "ada");
    const ada = (await (await webFinger(runtime, "acct:ada@outloud.example")).json()) as Jrd;
    assert.equal(selfOf(ada)?.href, "https://outloud.example/@ada");
    const other = await webFinger(runtime, "acct:outloud.example@elsewhere.example");
    assert.equal(other.status, 404);
  });

  it("leaves the address to a member whose handle is a dotless host's name", async () => {
    const before = (await (
      await webFinger(dotless, "acct:localhost@localhost:3000")
    ).json()) as Jrd;
    assert.equal(selfOf(before)?.href, "http://localhost:3000/actor");
    await makeMember(dotless.ctx, "localhost");
    const after = (await (await webFinger(dotless, "acct:localhost@localhost:3000")).json()) as Jrd;
    assert.equal(selfOf(after)?.href, "http://localhost:3000/@localhost");
  });
});
