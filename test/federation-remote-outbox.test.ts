import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  Announce,
  Create,
  Endpoints,
  Mention,
  Note,
  OrderedCollection,
  OrderedCollectionPage,
  Person,
  PUBLIC_COLLECTION,
} from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { encodeCursor } from "../src/domain/entries/cursor.ts";
import { createEntry } from "../src/domain/entries/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { lookupRemoteAccount } from "../src/federation/lookup.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { FakeRemote } from "./helpers/fake-remote.ts";
import { type Instance, startInstance } from "./helpers/federation.ts";
import { sqlRows } from "./helpers/federation-arrivals.ts";

type NoteValues = ConstructorParameters<typeof Note>[0];

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
  /** Post `n` of the account `id`, as the `Create` its outbox lists. */
  const postBy = (id: string, n: number, extra: NoteValues) =>
    new Create({
      id: new URL(`${id}/posts/${n}/activity`),
      actor: new URL(id),
      object: new Note({ id: new URL(`${id}/posts/${n}`), attribution: new URL(id), ...extra }),
    });
  /** An account on the fake server, with an outbox at `<id>/outbox`; returns its id. */
  const servePerson = async (name: string) => {
    const id = `${remote.origin}/users/${name}`;
    await remote.serveObject(
      new Person({
        id: new URL(id),
        preferredUsername: name,
        name: `${name[0]?.toUpperCase()}${name.slice(1)} Remote`,
        inbox: new URL(`${id}/inbox`),
        outbox: new URL(`${id}/outbox`),
        endpoints: new Endpoints({ sharedInbox: new URL(`${remote.origin}/inbox`) }),
      }),
    );
    return id;
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
    const note = (n: number, extra: NoteValues) => postBy(id, n, extra);
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
    await servePerson("carl");
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

  it("pages back through the account's outbox when the posts kept here run out", async () => {
    const id = `${remote.origin}/users/erin`;
    const elsewhere = await FakeRemote.start();
    const newest = Date.parse("2026-06-01T12:00:00Z");
    const label = (n: number) => `Glaze test #${String(n).padStart(3, "0")}`;
    // Post n is n hours older than the newest.
    const note = (n: number) =>
      postBy(id, n, {
        content: `<p>${label(n)}</p>`,
        published: Temporal.Instant.fromEpochMilliseconds(newest - n * 3_600_000),
        tos: [PUBLIC_COLLECTION],
      });
    const notes = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => note(from + i));
    const pageUrl = (n: number) => `${id}/outbox?page=${n}`;
    await servePerson("erin");
    await remote.serveObject(
      new OrderedCollection({ id: new URL(`${id}/outbox`), first: new URL(pageUrl(1)) }),
    );
    const pages: [number, Create[] | Announce[], string | null][] = [
      [1, notes(1, 20), pageUrl(2)],
      // A page of boosts keeps nothing: the next one is read in the same request.
      [
        2,
        [
          new Announce({
            id: new URL(`${id}/boosts/1`),
            actor: new URL(id),
            object: new URL(`${remote.origin}/users/x/posts/1`),
          }),
        ],
        pageUrl(3),
      ],
      [3, notes(21, 40), pageUrl(4)],
      // Its `next` is on another server: nothing older is read from there.
      [4, notes(41, 45), `${elsewhere.origin}/users/erin/outbox?page=5`],
    ];
    for (const [n, items, next] of pages) {
      await remote.serveObject(
        new OrderedCollectionPage({
          id: new URL(pageUrl(n)),
          items,
          next: next ? new URL(next) : null,
        }),
      );
    }
    const reads = (n: number) => remote.requests.filter((r) => r.url === pageUrl(n)).length;
    const olderLink = (text: string) =>
      /<a href="([^"]+)" rel="next">Older posts<\/a>/.exec(text)?.[1]?.replaceAll("&amp;", "&");
    const erinOnA = await lookupRemoteAccount(a.runtime.ctx, id);
    assert.ok(erinOnA);

    const first = await page(`/remote/${erinOnA}`);
    assert.match(first.text, new RegExp(label(1)));
    assert.match(first.text, new RegExp(label(20)));
    assert.doesNotMatch(first.text, new RegExp(label(21)));
    assert.equal(reads(2), 0, "older pages are read only when asked for");
    const toSecond = olderLink(first.text);
    assert.ok(toSecond, "an Older posts link though nothing older is kept here yet");

    const second = await page(toSecond);
    assert.equal(second.status, 200);
    assert.match(second.text, /<h2 id="remote-posts-heading">Older posts<\/h2>/);
    assert.match(second.text, new RegExp(label(21)));
    assert.match(second.text, new RegExp(label(40)));
    assert.doesNotMatch(second.text, new RegExp(`${label(20)}|${label(41)}`));
    assert.ok(second.text.indexOf(label(21)) < second.text.indexOf(label(40)), "newest first");
    assert.deepEqual([reads(2), reads(3), reads(4)], [1, 1, 0]);

    const third = await page(olderLink(second.text) ?? "");
    assert.match(third.text, new RegExp(label(41)));
    assert.match(third.text, new RegExp(label(45)));
    assert.equal(olderLink(third.text), undefined, "nothing older: no link");
    assert.match(third.text, /That is as far back as/);
    assert.equal(reads(4), 1);
    assert.equal(elsewhere.requests.length, 0, "a next page on another server is never read");
    await elsewhere.close();
    assert.equal(await count(a, `remote_posts where author_id = '${erinOnA}'`), 45);

    // Paging back again reads nothing more from their server: the posts are kept here.
    const again = await page(toSecond);
    assert.match(again.text, new RegExp(label(40)));
    assert.deepEqual([reads(2), reads(3), reads(4)], [1, 1, 1]);

    const garbage = await page(`/remote/${erinOnA}?cursor=not-a-cursor!`);
    assert.equal(garbage.status, 400);
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
    const olderPage = await page(
      `/remote/${doraOnA}?cursor=${encodeCursor({ at: new Date(), id: doraOnA })}`,
    );
    assert.equal(olderPage.status, 200);
    assert.match(olderPage.text, /did not answer, so older posts could not be read from there/);
    assert.doesNotMatch(olderPage.text, /That is as far back/);
  });
});
