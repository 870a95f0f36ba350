import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { and, eq } from "drizzle-orm";
import { connect } from "../src/db/client.ts";
import { follows } from "../src/db/schema/accounts.ts";
import { mutes } from "../src/db/schema/social.ts";
import { issueToken, revokeToken } from "../src/domain/api/index.ts";
import { CHANGES_CHANNEL, DATABASE_ORIGIN } from "../src/domain/changes.ts";
import { createEntry, deleteEntry } from "../src/domain/entries/index.ts";
import { followRemote } from "../src/domain/federation/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { call } from "./helpers/api-posts.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { type FakeActor, FakeRemote } from "./helpers/fake-remote.ts";
import { activity, note } from "./helpers/inbox-fixture.ts";
import { startTestRuntime } from "./helpers/runtime.ts";

const HOME = "/api/v1/timelines/home?limit=40";

/**
 * The API's timeline cache (src/api/response-cache.ts) must never show what
 * the member may no longer see. The time limit is an hour here: anything the
 * tests see change was forgotten because of the write, not because it expired.
 */
describe("client API: the timeline cache", () => {
  let server: ApiServer;
  let remote: FakeRemote;
  let pen: FakeActor;
  let reader: CurrentUser;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let dana: CurrentUser;
  let eve: CurrentUser;
  let token: string;

  const home = (bearer: string) => call(server, bearer, "GET", HOME);
  const texts = (json: { content: string }[]) => json.map((status) => status.content).join("\n");

  /** Asks twice, and checks that the second answer came from the cache. */
  async function cachedHome(bearer: string) {
    const first = await home(bearer);
    assert.equal(first.status, 200);
    const again = await home(bearer);
    assert.equal(again.headers.get("x-cache"), "hit");
    return again;
  }

  /** Resolves at this process's next change announcement (bounded: fails rather than hangs). */
  function nextAnnouncement(): Promise<void> {
    const changes = server.runtime.ctx.changes;
    assert.ok(changes);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("No change was announced")), 10_000);
      const stop = changes.subscribe(() => {
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
  }

  async function drainJobs() {
    for (let round = 0; round < 20 && (await server.runtime.drainJobs()) > 0; round++);
  }

  before(async () => {
    server = await startApiServer({
      API_CACHE_SECONDS: "3600",
      FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
    });
    remote = await FakeRemote.start();
    pen = await remote.actor("pen");
    const ctx = server.runtime.ctx;
    reader = await makeMember(ctx, "reader");
    alice = await makeMember(ctx, "alice");
    bob = await makeMember(ctx, "bob");
    dana = await makeMember(ctx, "dana");
    eve = await makeMember(ctx, "eve");
    token = await tokenFor(server, reader);
    for (const handle of ["alice", "bob", "dana"]) await follow(ctx, reader, { handle });
    await follow(ctx, eve, { handle: "dana" });
    await createEntry(ctx, alice, { body: "Alice writes ALPACA", audience: "public" });
    await createEntry(ctx, bob, { body: "Bob writes BISON", audience: "public" });
    await createEntry(ctx, dana, { body: "Dana writes DINGO", audience: "public" });
  });
  after(async () => {
    await server.close();
    await remote.close();
  });

  it("answers a repeated request from memory, with its Link header and its own rate-limit count", async () => {
    const first = await home(token);
    assert.equal(first.headers.get("x-cache"), "miss");
    const second = await home(token);
    assert.equal(second.headers.get("x-cache"), "hit");
    assert.deepEqual(second.json, first.json);
    assert.match(texts(second.json), /ALPACA/);
    assert.equal(second.headers.get("link"), first.headers.get("link"));
    assert.match(second.headers.get("link") ?? "", /rel="next"/);
    assert.match(second.headers.get("content-type") ?? "", /^application\/json/);
    // Headers of the middleware around it are still there: CORS for browser apps, security.
    assert.equal(second.headers.get("access-control-allow-origin"), "*");
    assert.equal(second.headers.get("x-content-type-options"), "nosniff");
    // The rate limit runs before the cache: every request is counted and told so.
    const remaining = (r: { headers: Headers }) => Number(r.headers.get("x-ratelimit-remaining"));
    assert.equal(remaining(second), remaining(first) - 1);
  });

  it("builds a missing answer once for the same member's concurrent requests", async () => {
    // A write empties the cache; then ten requests at once.
    await createEntry(server.runtime.ctx, dana, { body: "Dana again DUGONG", audience: "public" });
    const answers = await Promise.all(Array.from({ length: 10 }, () => home(token)));
    const how = answers.map((answer) => answer.headers.get("x-cache"));
    assert.equal(how.filter((h) => h === "miss").length, 1, `one build: ${how.join(", ")}`);
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json, answers[0]?.json);
      assert.match(texts(answer.json), /DUGONG/);
    }
  });

  it("never gives one member's cached answer to another", async () => {
    const eveToken = await tokenFor(server, eve);
    const readers = await cachedHome(token);
    const eves = await cachedHome(eveToken);
    assert.match(texts(readers.json), /ALPACA/);
    assert.doesNotMatch(texts(eves.json), /ALPACA|BISON/, "eve follows neither alice nor bob");
    assert.match(texts(eves.json), /DINGO/);
    // And the reader's cached answer is still the reader's.
    assert.match(texts((await home(token)).json), /ALPACA/);
  });

  it("refuses a revoked token even while its member's answer is cached", async () => {
    const extra = await issueToken(server.runtime.ctx, {
      appId: null,
      userId: reader.userId,
      scopes: ["read"],
      name: "revoked soon",
    });
    await cachedHome(extra.token);
    assert.ok(await revokeToken(server.runtime.ctx, extra.id, reader.userId));
    const refused = await home(extra.token);
    assert.equal(refused.status, 401);
    assert.equal(typeof refused.json.error, "string");
    // The answer was still cached (revoking changes no timeline): only the token was refused.
    assert.equal((await home(token)).headers.get("x-cache"), "hit");
  });

  it("shows a block on the very next request", async () => {
    await cachedHome(token);
    const blocked = await call(server, token, "POST", `/api/v1/accounts/${alice.actorId}/block`);
    assert.equal(blocked.status, 200);
    const after = await home(token);
    assert.notEqual(after.headers.get("x-cache"), "hit");
    assert.doesNotMatch(texts(after.json), /ALPACA/);
  });

  it("shows an unfollow written outside transactional() once the database announces it", async () => {
    await cachedHome(token);
    // A write no domain operation announces: only the table's trigger does (migration 0006).
    const announced = nextAnnouncement();
    await server.runtime.ctx.db
      .delete(follows)
      .where(and(eq(follows.followerId, reader.actorId), eq(follows.followedId, bob.actorId)));
    await announced;
    const after = await home(token);
    assert.notEqual(after.headers.get("x-cache"), "hit");
    assert.doesNotMatch(texts(after.json), /BISON/);
  });

  it("shows a new followers-only entry, then its deletion, on the very next request", async () => {
    await cachedHome(token);
    const entry = await createEntry(server.runtime.ctx, dana, {
      body: "For followers only DHOLE",
      audience: "followers",
    });
    assert.match(texts((await home(token)).json), /DHOLE/);
    await cachedHome(token);
    await deleteEntry(server.runtime.ctx, dana, { id: entry.id });
    const after = await home(token);
    assert.notEqual(after.headers.get("x-cache"), "hit");
    assert.doesNotMatch(texts(after.json), /DHOLE/);
  });

  it("shows a remote post that arrives through the inbox", async () => {
    // The reader follows pen@remote, who accepts.
    await followRemote(server.runtime.ctx, reader, pen.id);
    await drainJobs();
    const request = remote.received.find((a) => a.type === "Follow" && a.object === pen.id);
    assert.ok(request, "the Follow reached the remote server");
    const inbox = `${server.url}/@reader/inbox`;
    assert.equal((await remote.send(pen, inbox, activity(pen, "Accept", request))).status, 202);
    await drainJobs();

    await cachedHome(token);
    const announced = nextAnnouncement();
    const create = note(pen, { content: "<p>From afar PANGOLIN</p>" });
    assert.equal((await remote.send(pen, `${server.url}/inbox`, create)).status, 202);
    await drainJobs();
    await announced;
    const after = await home(token);
    assert.notEqual(after.headers.get("x-cache"), "hit");
    assert.match(texts(after.json), /PANGOLIN/);
  });

  it("announces each transaction once: under the writer's name from transactional(), else as the database", async () => {
    const ctx = server.runtime.ctx;
    const heard: string[] = [];
    const other = connect(server.runtime.database.url, { max: 1 }).sql;
    let done: () => void = () => {};
    const both = new Promise<void>((resolve) => (done = resolve));
    const listening = await other.listen(CHANGES_CHANNEL, (payload) => {
      heard.push(payload);
      if (payload === DATABASE_ORIGIN) done();
    });
    try {
      // Several watched tables in one transaction (entries, tags, notifications…): one NOTIFY.
      await createEntry(ctx, dana, { body: "Two statements #once", audience: "public" });
      // Outside transactional(): only the trigger speaks. PostgreSQL delivers in commit order.
      await ctx.db.insert(mutes).values({ actorId: eve.actorId, targetId: alice.actorId });
      await both;
      assert.deepEqual(heard, [ctx.changes?.origin, DATABASE_ORIGIN]);
    } finally {
      await listening.unlisten();
      await other.end();
    }
  });

  it("is off with API_CACHE_SECONDS=0", async () => {
    const uncached = await startTestRuntime({ API_CACHE_SECONDS: "0" });
    try {
      const member = await makeMember(uncached.ctx, "plain");
      const { token: bearer } = await issueToken(uncached.ctx, {
        appId: null,
        userId: member.userId,
        scopes: ["read"],
      });
      const ask = () =>
        uncached.app.request(HOME, { headers: { authorization: `Bearer ${bearer}` } });
      assert.equal((await ask()).status, 200);
      const again = await ask();
      assert.equal(again.status, 200);
      assert.equal(again.headers.get("x-cache"), null);
    } finally {
      await uncached.close();
    }
  });
});
