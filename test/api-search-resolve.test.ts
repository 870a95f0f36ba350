import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, type mastodon } from "masto";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type Instance, startInstance } from "./helpers/federation.ts";
import { post } from "./helpers/interactions.ts";

/**
 * `resolve=true` on `/api/v2/search`: an app pastes `@user@host` or a post's
 * URL from another server, and this server looks it up there (two real
 * instances on loopback).
 */
describe("the search API resolving remote accounts and posts", () => {
  let remote: Instance;
  let server: ApiServer;
  let reader: CurrentUser;
  let masto: mastodon.rest.Client;
  const entry: Record<string, string> = {};

  before(async () => {
    remote = await startInstance();
    server = await startApiServer({ FEDERATION_ALLOW_PRIVATE_ADDRESS: "true" });
    const writer = await makeMember(remote.runtime.ctx, "writer");
    entry.public = await post(remote.runtime, writer, "Notes from the remote workshop");
    entry.followers = await post(remote.runtime, writer, "For my followers only", {
      audience: "followers",
    });
    reader = await makeMember(server.runtime.ctx, "reader");
    masto = createRestAPIClient({ url: server.url, accessToken: await tokenFor(server, reader) });
  });

  after(async () => {
    await server?.close();
    await remote?.close();
  });

  it("finds a remote account by its address", async () => {
    const found = await masto.v2.search.list({ q: `@writer@${remote.host}`, resolve: true });
    assert.deepEqual(
      found.accounts.map((a) => a.acct),
      [`writer@${remote.host}`],
    );
  });

  it("fetches a public remote post by its URL, and shows it as a status", async () => {
    const url = `${remote.origin}/@writer/${entry.public}`;
    const found = await masto.v2.search.list({ q: url, resolve: true });
    assert.equal(found.statuses.length, 1);
    assert.equal(found.statuses[0]?.uri, url);
    assert.match(found.statuses[0]?.content ?? "", /remote workshop/);
    assert.equal(found.statuses[0]?.account.acct, `writer@${remote.host}`);
    // Without resolve, a post not yet known here is not fetched.
    const unknown = `${remote.origin}/@writer/${entry.followers}`;
    const quiet = await masto.v2.search.list({ q: unknown, type: "statuses" });
    assert.deepEqual(quiet.statuses, []);
  });

  it("never shows a followers-only remote post to someone who does not follow", async () => {
    const url = `${remote.origin}/@writer/${entry.followers}`;
    const found = await masto.v2.search.list({ q: url, resolve: true });
    assert.deepEqual(found.statuses, []);
  });
});
