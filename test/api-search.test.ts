import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, type mastodon } from "masto";
import generator from "megalodon";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { post, remoteActor } from "./helpers/interactions.ts";

/**
 * `/api/v2/search` through masto and megalodon: the /search query language,
 * accounts and hashtags, and the privacy rule — an entry shows only to those
 * who may see it, whatever the query.
 */
describe("the search API", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  const client: Record<string, mastodon.rest.Client> = {};
  const entry: Record<string, string> = {};
  let danaId: string;

  const statusIds = async (
    who: string,
    q: string,
    extra: Partial<mastodon.rest.v2.SearchParams> = {},
  ) => {
    const result = await client[who]!.v2.search.list({ q, type: "statuses", ...extra });
    return result.statuses.map((status) => status.id);
  };

  before(async () => {
    server = await startApiServer();
    const ctx = server.runtime.ctx;
    alice = await makeMember(ctx, "alice");
    bob = await makeMember(ctx, "bob");
    carol = await makeMember(ctx, "carol");
    await follow(ctx, bob, { handle: "alice" });
    danaId = await remoteActor(server.runtime, "dana");
    entry.public = await post(server.runtime, alice, "The onboarding redesign #prototype", {
      tags: "prototype",
    });
    entry.followers = await post(
      server.runtime,
      alice,
      "Onboarding budget, for followers #budget",
      {
        audience: "followers",
        tags: "budget",
      },
    );
    entry.private = await post(server.runtime, alice, "Onboarding journal: what went wrong", {
      audience: "private",
    });
    entry.carol = await post(server.runtime, carol, "My onboarding at a new job");
    for (const [who, member] of [
      ["alice", alice],
      ["bob", bob],
      ["carol", carol],
    ] as const) {
      client[who] = createRestAPIClient({
        url: server.url,
        accessToken: await tokenFor(server, member, ["read"]),
      });
    }
    client.anonymous = createRestAPIClient({ url: server.url });
  });

  after(() => server?.close());

  it("finds entries with the query language, each only for who may see it", async () => {
    assert.deepEqual(
      new Set(await statusIds("alice", "onboarding")),
      new Set(Object.values(entry)),
    );
    assert.deepEqual(
      new Set(await statusIds("bob", "onboarding")),
      new Set([entry.public, entry.followers, entry.carol]),
    );
    assert.deepEqual(
      new Set(await statusIds("carol", "onboarding")),
      new Set([entry.public, entry.carol]),
    );
    assert.deepEqual(
      new Set(await statusIds("anonymous", "onboarding")),
      new Set([entry.public, entry.carol]),
    );
    assert.deepEqual(await statusIds("carol", "from:@alice onboarding"), [entry.public]);
    assert.deepEqual(await statusIds("carol", "#budget"), []);
    assert.deepEqual(await statusIds("bob", "#budget"), [entry.followers]);
    assert.deepEqual(await statusIds("carol", "onboarding", { accountId: alice.actorId }), [
      entry.public,
    ]);
  });

  it("pages statuses with offset", async () => {
    const all = await statusIds("alice", "onboarding", { limit: 40 });
    const second = await statusIds("alice", "onboarding", { limit: 2, offset: 2 });
    assert.deepEqual(second, all.slice(2, 4));
    const anonymous = await fetch(`${server.url}/api/v2/search?q=onboarding&offset=2`);
    assert.equal(anonymous.status, 401);
  });

  it("finds accounts by name and by address, and only those followed when asked", async () => {
    const byName = await client.carol!.v2.search.list({ q: "ali", type: "accounts" });
    assert.deepEqual(
      byName.accounts.map((a) => a.acct),
      ["alice"],
    );
    const remote = await client.carol!.v2.search.list({ q: "@dana@remote.example" });
    assert.deepEqual(
      remote.accounts.map((a) => a.id),
      [danaId],
    );
    const followed = await client.bob!.v2.search.list({
      q: "a",
      type: "accounts",
      following: true,
    });
    assert.deepEqual(
      followed.accounts.map((a) => a.username),
      ["alice"],
    );
  });

  it("suggests hashtags used on entries the viewer may see", async () => {
    const forBob = await client.bob!.v2.search.list({ q: "#budget", type: "hashtags" });
    assert.deepEqual(
      forBob.hashtags.map((t) => t.name),
      ["budget"],
    );
    const forCarol = await client.carol!.v2.search.list({ q: "#budget", type: "hashtags" });
    assert.deepEqual(forCarol.hashtags, []);
    const prototype = await client.carol!.v2.search.list({ q: "prototype", type: "hashtags" });
    assert.equal(prototype.hashtags[0]?.url, `${server.url}/tags/prototype`);
  });

  it("resolves a post's URL for those who may see it (megalodon)", async () => {
    const forCarol = generator("mastodon", server.url, await tokenFor(server, carol, ["read"]));
    const url = (id: string) => `${server.url}/@alice/${id}`;
    const shown = await forCarol.search(url(entry.public!), { resolve: true });
    assert.deepEqual(
      shown.data.statuses.map((s) => s.id),
      [entry.public],
    );
    const hidden = await forCarol.search(url(entry.followers!), { resolve: true });
    assert.deepEqual(hidden.data.statuses, []);
    const forBob = generator("mastodon", server.url, await tokenFor(server, bob, ["read"]));
    const followerSees = await forBob.search(url(entry.followers!), { resolve: true });
    assert.deepEqual(
      followerSees.data.statuses.map((s) => s.id),
      [entry.followers],
    );
  });

  it("answers the discovery and start-up endpoints apps call, in Mastodon's shapes", async () => {
    assert.deepEqual(await client.carol!.v1.trends.tags.list(), []);
    assert.deepEqual(await client.carol!.v1.trends.statuses.list(), []);
    assert.deepEqual(await client.carol!.v1.trends.links.list(), []);
    assert.deepEqual(await client.carol!.v2.filters.list(), []);
    assert.deepEqual(await client.carol!.v1.lists.list(), []);
    assert.deepEqual(await client.carol!.v1.announcements.list(), []);
    assert.deepEqual(await client.carol!.v1.followedTags.list(), []);
    const preferences = await client.carol!.v1.preferences.fetch();
    assert.equal(preferences["posting:default:visibility"], "public");
    assert.equal(preferences["posting:default:language"], "en");
  });

  it("lists a direct conversation to its participants only", async () => {
    const direct = await post(server.runtime, alice, "@bob a word about the budget", {
      audience: "direct",
    });
    const forBob = await client.bob!.v1.conversations.list();
    assert.equal(forBob.length, 1);
    assert.equal(forBob[0]?.lastStatus?.id, direct);
    assert.deepEqual(
      forBob[0]?.accounts.map((a) => a.username),
      ["alice"],
    );
    assert.deepEqual(await client.carol!.v1.conversations.list(), []);
    assert.deepEqual(await statusIds("carol", "budget"), []);
  });

  it("answers bad input and missing scopes with Mastodon's errors, never a 500", async () => {
    const token = await tokenFor(server, alice, ["read:statuses"]);
    const scoped = await fetch(`${server.url}/api/v2/search?q=onboarding`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(scoped.status, 403);
    const badType = await fetch(`${server.url}/api/v2/search?q=x&type=emojis`);
    assert.equal(badType.status, 400);
    assert.ok("error" in (await badType.json()));
    const missing = await fetch(`${server.url}/api/v2/search`);
    assert.equal(missing.status, 400);
    const hostile = await fetch(
      `${server.url}/api/v2/search?q=${encodeURIComponent(`"unbalanced ' OR 1=1; -- ${"a(".repeat(500)}`)}`,
    );
    assert.equal(hostile.status, 200);
  });
});
