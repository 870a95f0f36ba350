import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { followState, remoteActorId } from "../src/domain/federation/index.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { type Instance, settle, startInstance } from "./helpers/federation.ts";

/** Following an account on another server from the web: search, profile, follow, home. */
describe("following a remote account from the web pages", () => {
  let a: Instance;
  let b: Instance;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let browser: TestClient;
  let profilePath: string;

  const page = async (path: string) => {
    const response = await browser.get(`${a.origin}${path}`);
    return { status: response.status, text: await response.text(), response };
  };
  const actorRows = async () =>
    a.runtime.database.sql.unsafe<{ n: number }[]>(
      `select count(*)::int as n from actors where host is not null`,
    );

  before(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
    alice = await makeMember(a.runtime.ctx, "alice");
    bob = await makeMember(b.runtime.ctx, "bob");
    browser = await signedInClient(a.runtime, alice);
  });
  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("does not look anything up for a visitor's search", async () => {
    const response = await a.runtime.app.request(
      `${a.origin}/search?q=${encodeURIComponent(`@bob@${b.host}`)}`,
    );
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.doesNotMatch(text, /Account on another server|No account found/);
    assert.equal((await actorRows())[0]?.n, 0, "nothing was fetched or stored");
  });

  it("finds the account from search and links to its remote profile", async () => {
    const { status, text } = await page(`/search?q=${encodeURIComponent(`@bob@${b.host}`)}`);
    assert.equal(status, 200);
    assert.match(text, /Account on another server/);
    assert.match(text, new RegExp(`@bob@${b.host.replace(".", "\\.")}`));
    const bobOnA = await remoteActorId(a.runtime.ctx, `${b.origin}/@bob`);
    assert.ok(bobOnA, "the lookup kept Bob as a remote actor");
    profilePath = `/remote/${bobOnA}`;
    assert.ok(text.includes(`href="${profilePath}"`));
  });

  it("says quietly when no account answers at the address", async () => {
    const { status, text } = await page(`/search?q=${encodeURIComponent(`@nobody@${b.host}`)}`);
    assert.equal(status, 200);
    assert.match(text, /No account found at @nobody@/);
  });

  it("shows the remote profile with a Follow button", async () => {
    const { status, text, response } = await page(profilePath);
    assert.equal(status, 200);
    assert.match(response.headers.get("cache-control") ?? "", /private/);
    assert.match(text, /bob Example/);
    assert.ok(text.includes(`href="${b.origin}/@bob"`), "links to the original profile");
    assert.match(text, />Follow</);
    assert.match(text, /No public posts to show yet/);
  });

  it("follows with the button (CSRF required), accepted once the queues settle", async () => {
    const forged = await browser.post(`${a.origin}${profilePath}/follow`, {}, { csrf: false });
    assert.equal(forged.status, 403);
    const response = await browser.post(`${a.origin}${profilePath}/follow`, {});
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), profilePath);
    assert.match((await page(profilePath)).text, />Requested — cancel</);
    await settle(a, b);
    const bobOnA = profilePath.split("/").pop() ?? "";
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), "accepted");
    assert.match((await page(profilePath)).text, />Unfollow</);
  });

  it("shows B's public and followers-only entries on A's home and on the profile", async () => {
    await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Public progress from B",
      audience: "public",
    });
    await createEntry(b.runtime.ctx, bob, {
      kind: "note",
      body: "Only for followers of bob",
      audience: "followers",
    });
    await settle(a, b);
    const home = await page("/home");
    assert.equal(home.status, 200);
    assert.match(home.text, /Public progress from B/);
    assert.match(home.text, /Only for followers of bob/);
    assert.ok(
      home.text.indexOf("Only for followers") < home.text.indexOf("Public progress"),
      "newest first",
    );
    const profile = await page(profilePath);
    assert.match(profile.text, /Public progress from B/);
    assert.match(profile.text, /Only for followers of bob/);
  });

  it("unfollows with the button", async () => {
    const response = await browser.post(`${a.origin}${profilePath}/unfollow`, {});
    assert.equal(response.status, 303);
    const bobOnA = profilePath.split("/").pop() ?? "";
    assert.equal(await followState(a.runtime.ctx, alice.actorId, bobOnA), null);
    await settle(a, b);
    const aliceOnB = await remoteActorId(b.runtime.ctx, `${a.origin}/@alice`);
    assert.ok(aliceOnB);
    assert.equal(await followState(b.runtime.ctx, aliceOnB, bob.actorId), null);
    const home = await page("/home");
    assert.doesNotMatch(home.text, /Public progress from B/);
    const profile = await page(profilePath);
    assert.match(profile.text, />Follow</);
    assert.match(profile.text, /Public progress from B/, "public posts kept stay readable");
    assert.doesNotMatch(profile.text, /Only for followers of bob/);
  });

  it("answers 404 for a local actor id and an unknown id, and sends visitors to sign in", async () => {
    assert.equal((await page(`/remote/${alice.actorId}`)).status, 404);
    assert.equal((await page(`/remote/${randomUUID()}`)).status, 404);
    assert.equal((await page(`/remote/not-a-uuid`)).status, 404);
    const visitor = await a.runtime.app.request(`${a.origin}/home`);
    assert.equal(visitor.status, 303);
    assert.match(visitor.headers.get("location") ?? "", /^\/sign-in\?next=%2Fhome/);
    const remote = await a.runtime.app.request(`${a.origin}${profilePath}`);
    assert.equal(remote.status, 303);
  });
});
