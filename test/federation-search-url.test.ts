import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Note, PUBLIC_COLLECTION } from "@fedify/fedify/vocab";
import { createEntry } from "../src/domain/entries/index.ts";
import { blockDomain } from "../src/domain/moderation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, startInstance } from "./helpers/federation.ts";
import { sqlRows } from "./helpers/federation-arrivals.ts";

/** Pasting a post URL into /search opens the post, here or looked up on its own server. */
describe("a post URL pasted into web search", () => {
  let a: Instance;
  let b: Instance;
  let remote: FakeRemote;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let browser: TestClient;

  const search = (client: TestClient | null, q: string) => {
    const path = `${a.origin}/search?q=${encodeURIComponent(q)}`;
    return client ? client.get(path) : a.runtime.app.request(path);
  };
  const remotePosts = async () =>
    (await sqlRows(a, `select count(*)::int as n from remote_posts`))[0]?.n;

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    remote = await FakeRemote.start();
    alice = await makeMember(a.runtime.ctx, "alice");
    carol = await makeMember(a.runtime.ctx, "carol");
    bob = await makeMember(b.runtime.ctx, "bob");
    browser = await signedInClient(a.runtime, alice);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), remote?.close()]);
  });

  it("does not fetch anything for a visitor", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, { kind: "note", body: "Visitors wait" });
    const response = await search(null, `${b.origin}/@bob/${entry.id}`);
    assert.equal(response.status, 200);
    assert.equal(await remotePosts(), 0);
  });

  it("looks a remote post up, keeps it and opens its thread page", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Slip casting, day three",
    });
    const response = await search(browser, `${b.origin}/@bob/${entry.id}`);
    assert.equal(response.status, 303);
    const [post] = await sqlRows(a, `select id from remote_posts where uri like '%${entry.id}'`);
    assert.ok(post, "A keeps the post");
    assert.equal(response.headers.get("location"), `/posts/${post.id}`);
    const thread = await browser.get(`${a.origin}/posts/${post.id}`);
    assert.equal(thread.status, 200);
    assert.match(await thread.text(), /Slip casting, day three/);
  });

  it("says a followers-only post is not public (its server refuses an unsigned fetch)", async () => {
    const entry = await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "For my followers",
      audience: "followers",
    });
    const response = await search(browser, `${b.origin}/@bob/${entry.id}`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /That post is not public/);
    assert.equal(
      (await sqlRows(a, `select id from remote_posts where uri like '%${entry.id}'`)).length,
      0,
    );
  });

  it("says a post kept here but addressed to others is not public", async () => {
    const author = await remote.actor("erin");
    const note = new Note({
      id: new URL(`${author.id}/posts/1`),
      attribution: new URL(author.id),
      content: "<p>Just for Fay</p>",
      tos: [new URL(`${remote.origin}/users/fay`)],
    });
    await remote.serveObject(note);
    const response = await search(browser, `${author.id}/posts/1`);
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /That post is not public/);
    assert.doesNotMatch(text, /Just for Fay/);
  });

  it("says when the server does not answer", async () => {
    const gone = await FakeRemote.start();
    const url = `${gone.origin}/users/nobody/posts/1`;
    await gone.close();
    const response = await search(browser, url);
    assert.equal(response.status, 200);
    assert.match(
      await response.text(),
      new RegExp(`That server \\(${gone.host.replace(".", "\\.")}\\) did not answer`),
    );
  });

  it("shows the account card for a profile URL, and a note for anything else", async () => {
    const profile = await search(browser, `${b.origin}/@bob`);
    assert.match(await profile.text(), /Account on another server/);
    remote.serve({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${remote.origin}/collections/1`,
      type: "OrderedCollection",
      totalItems: 0,
      to: PUBLIC_COLLECTION.href,
    });
    const other = await search(browser, `${remote.origin}/collections/1`);
    assert.match(await other.text(), /No post or account found at/);
  });

  it("opens a local entry's permalink when the viewer may see it, else searches", async () => {
    const open = await createEntry(a.runtime.ctx, alice, { kind: "note", body: "Open notes" });
    const closed = await createEntry(a.runtime.ctx, alice, {
      kind: "note",
      body: "Private notes",
      audience: "private",
    });
    const visitor = await search(null, `${a.origin}/@alice/${open.id}`);
    assert.equal(visitor.status, 303);
    assert.equal(visitor.headers.get("location"), `/@alice/${open.id}`);
    const viaPosts = await search(browser, `${a.origin}/posts/${open.id}`);
    assert.equal(viaPosts.headers.get("location"), `/@alice/${open.id}`);
    const mine = await search(browser, `${a.origin}/@alice/${closed.id}`);
    assert.equal(mine.status, 303, "Alice may open her own private entry");
    const refused = await search(
      await signedInClient(a.runtime, carol),
      `${a.origin}/@alice/${closed.id}`,
    );
    assert.equal(refused.status, 200, "no redirect: the entry is not hers to see");
    assert.doesNotMatch(await refused.text(), /Private notes/);
  });

  // Last: the block covers every loopback server of this file.
  it("fetches nothing from a blocked domain", async () => {
    const blocked = await FakeRemote.start();
    try {
      const author = await blocked.actor("kim");
      await blocked.serveObject(
        new Note({
          id: new URL(`${author.id}/posts/1`),
          attribution: new URL(author.id),
          content: "<p>From a blocked server</p>",
          tos: [PUBLIC_COLLECTION],
        }),
      );
      await blockDomain(
        a.runtime.ctx,
        { ...alice, role: "admin" },
        {
          domain: blocked.host.split(":")[0] ?? "",
          reason: "spam",
        },
      );
      for (const url of [`${author.id}/posts/1`, author.id]) {
        const response = await search(browser, url);
        assert.match(await response.text(), /No post or account found at/);
      }
      const kept = await sqlRows(
        a,
        `select 1 from actors where uri = '${author.id}'
        union all select 1 from remote_posts where uri = '${author.id}/posts/1'`,
      );
      assert.deepEqual(kept, [], "nothing was fetched or kept");
    } finally {
      await blocked.close();
    }
  });
});
