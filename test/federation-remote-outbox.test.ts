import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Create,
  Endpoints,
  Mention,
  Note,
  OrderedCollection,
  OrderedCollectionPage,
  Person,
  PUBLIC_COLLECTION,
} from "@fedify/fedify/vocab";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, startInstance } from "./helpers/federation.ts";
import { sqlRows } from "./helpers/federation-arrivals.ts";

/** A remote profile page shows the account's latest public posts, fetched from its outbox. */
describe("recent posts on a remote profile, from the account's outbox", () => {
  let a: Instance;
  let b: Instance;
  let remote: FakeRemote;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let browser: TestClient;

  const page = async (path: string) => {
    const response = await browser.get(`${a.origin}${path}`);
    return { status: response.status, text: await response.text() };
  };
  const count = async (instance: Instance, query: string) =>
    (await sqlRows(instance, `select count(*)::int as n from ${query}`))[0]?.n;

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    remote = await FakeRemote.start();
    alice = await makeMember(a.runtime.ctx, "alice");
    bob = await makeMember(b.runtime.ctx, "bob");
    browser = await signedInClient(a.runtime, alice);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close(), remote?.close()]);
  });

  it("shows an Outloud member's public entries though nobody here follows them", async () => {
    for (const [body, audience] of [
      ["First public glaze notes", "public"],
      ["Only for my followers", "followers"],
      ["Second public glaze notes", "public"],
    ] as const) {
      await createEntry(b.runtime.ctx, bob, { kind: "note", body, audience });
    }
    const bobOnA = await lookupRemoteAccount(a.runtime.ctx, `@bob@${b.host}`);
    assert.ok(bobOnA);
    assert.equal(await count(a, "remote_posts"), 0, "nothing was delivered: nobody follows Bob");
    await sqlRows(b, `update actors set display_name = 'Bob Renamed' where handle = 'bob'`);

    const { status, text } = await page(`/remote/${bobOnA}`);
    assert.equal(status, 200);
    assert.match(text, /First public glaze notes/);
    assert.match(text, /Second public glaze notes/);
    assert.ok(text.indexOf("Second public") < text.indexOf("First public"), "newest first");
    assert.doesNotMatch(text, /Only for my followers/);
    assert.match(text, /Bob Renamed/, "the profile is refreshed from the same fetch");
    assert.doesNotMatch(text, /did not answer/);
    assert.equal(await count(a, "remote_posts"), 2);
    assert.equal(await count(a, "notifications"), 0);

    // Fetched at most every 10 minutes: a new post waits for the next fetch (or a delivery).
    await createEntry(b.runtime.ctx, bob, { kind: "note", body: "Third, too soon" });
    assert.doesNotMatch((await page(`/remote/${bobOnA}`)).text, /Third, too soon/);
  });

  it("keeps only the account's own public posts, quietly (no notification, no mention)", async () => {
    const entry = await createEntry(a.runtime.ctx, alice, { kind: "note", body: "Kiln log" });
    const id = `${remote.origin}/users/carl`;
    const note = (n: number, extra: ConstructorParameters<typeof Note>[0]) =>
      new Create({
        id: new URL(`${id}/posts/${n}/activity`),
        actor: new URL(id),
        object: new Note({
          id: new URL(`${id}/posts/${n}`),
          attribution: new URL(id),
          ...extra,
        }),
      });
    const items = [
      note(1, {
        content: "<p>Nice kiln log @alice</p>",
        replyTarget: new URL(`${a.origin}/@alice/${entry.id}`),
        tags: [new Mention({ href: new URL(`${a.origin}/@alice`), name: `@alice@${a.host}` })],
        tos: [PUBLIC_COLLECTION, new URL(`${a.origin}/@alice`)],
      }),
      note(2, { content: "<p>Followers only</p>", tos: [new URL(`${id}/followers`)] }),
      note(3, {
        content: "<p>Claimed for someone else</p>",
        attribution: new URL(`${remote.origin}/users/other`),
        tos: [PUBLIC_COLLECTION],
      }),
    ];
    await remote.serveObject(
      new Person({
        id: new URL(id),
        preferredUsername: "carl",
        name: "Carl Remote",
        inbox: new URL(`${id}/inbox`),
        outbox: new URL(`${id}/outbox`),
        endpoints: new Endpoints({ sharedInbox: new URL(`${remote.origin}/inbox`) }),
      }),
    );
    await remote.serveObject(
      new OrderedCollection({
        id: new URL(`${id}/outbox`),
        totalItems: items.length,
        first: new URL(`${id}/outbox?page=1`),
      }),
    );
    await remote.serveObject(
      new OrderedCollectionPage({ id: new URL(`${id}/outbox?page=1`), items }),
    );
    const carlOnA = await lookupRemoteAccount(a.runtime.ctx, id);
    assert.ok(carlOnA);

    const { text } = await page(`/remote/${carlOnA}`);
    assert.match(text, /Nice kiln log/);
    assert.doesNotMatch(text, /Followers only|Claimed for someone else/);
    const rows = await sqlRows(
      a,
      `select uri, in_reply_to_entry_id from remote_posts
      where author_id = '${carlOnA}'`,
    );
    assert.deepEqual(rows, [{ uri: `${id}/posts/1`, in_reply_to_entry_id: entry.id }]);
    assert.equal(await count(a, "notifications"), 0, "no reply or mention notification");
    assert.equal(await count(a, "remote_post_recipients"), 0);
  });

  it("says clearly when the account's server does not answer", async () => {
    const gone = await FakeRemote.start();
    const person = await gone.actor("dora");
    const doraOnA = await lookupRemoteAccount(a.runtime.ctx, person.id);
    assert.ok(doraOnA);
    await gone.close();
    const { status, text } = await page(`/remote/${doraOnA}`);
    assert.equal(status, 200);
    assert.match(text, new RegExp(`${gone.host.replace(".", "\\.")} did not answer`));
    assert.match(text, /dora Remote/, "what we kept is still shown");
  });
});
