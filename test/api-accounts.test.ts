import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { createRestAPIClient, MastoHttpError, type mastodon } from "masto";
import generator from "megalodon";
import sharp from "sharp";
import { createMember } from "../src/domain/accounts/members.ts";
import { createEntry } from "../src/domain/entries/create.ts";
import { storeRemoteActor } from "../src/domain/federation/actors.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { memberForm, setUpAdmin } from "./helpers/accounts.ts";
import { type ApiServer, startApiServer, tokenFor } from "./helpers/api-server.ts";
import { signedInClient } from "./helpers/entries-fixtures.ts";
import { NODE, ROOT } from "./helpers/server.ts";

function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

async function assertMastodonError(response: Response, status: number) {
  assert.equal(response.status, status);
  const body = (await response.json()) as { error?: unknown };
  assert.equal(typeof body.error, "string");
}

describe("accounts and instance through the client API", () => {
  let server: ApiServer;
  let alice: CurrentUser;
  let bob: CurrentUser;
  let carol: CurrentUser;
  let aliceApi: mastodon.rest.Client;
  let aliceToken: string;

  before(async () => {
    server = await startApiServer();
    const ctx = server.runtime.ctx;
    await setUpAdmin(server.runtime, "alice");
    bob = await createMember(ctx, memberForm("bob"));
    carol = await createMember(ctx, memberForm("carol"));
    const [row] = await server.runtime.database.sql<{ user_id: string; actor_id: string }[]>`
      select u.id as user_id, a.id as actor_id from users u join actors a on a.id = u.actor_id
      where a.handle = 'alice'`;
    alice = {
      userId: row?.user_id ?? "",
      actorId: row?.actor_id ?? "",
      handle: "alice",
      displayName: "alice Example",
      role: "admin",
    };
    aliceToken = await tokenFor(server, alice, ["read", "write", "follow"]);
    aliceApi = createRestAPIClient({ url: server.url, accessToken: aliceToken });
  });
  after(() => server.close());

  it("describes the instance with its real limits (v1 and v2)", async () => {
    const api = createRestAPIClient({ url: server.url });
    const v2 = await api.v2.instance.fetch();
    assert.match(v2.version, /^4\.3\.0 \(compatible; Outloud 0\.\d+\.\d+\)$/);
    assert.equal(v2.configuration.statuses.maxCharacters, 50_000);
    assert.equal(v2.configuration.statuses.maxMediaAttachments, 4);
    assert.equal(
      v2.configuration.mediaAttachments.imageSizeLimit,
      server.runtime.config.media.maxImageBytes,
    );
    assert.ok(v2.configuration.mediaAttachments.supportedMimeTypes.includes("image/webp"));
    assert.equal(v2.contact.account?.username, "alice", "the admin is the contact");
    assert.equal(v2.registrations.enabled, false, "invite-only by default");
    const v1 = await api.v1.instance.fetch();
    assert.equal(v1.uri, new URL(server.url).host);
    assert.equal(v1.stats.userCount, 3);
    for (const path of [
      "/api/v1/instance/peers",
      "/api/v1/custom_emojis",
      "/api/v1/instance/rules",
    ]) {
      const response = await fetch(`${server.url}${path}`);
      assert.deepEqual(await response.json(), []);
    }
  });

  it("verifies and updates credentials, with avatar, header and fields", async () => {
    const me = await aliceApi.v1.accounts.verifyCredentials();
    assert.equal(me.id, alice.actorId);
    assert.equal(me.acct, "alice");
    assert.match(me.avatar, /^http:\/\/127\.0\.0\.1:\d+\/static\/avatar-missing\.png$/);
    const avatar = await sharp({
      create: { width: 300, height: 200, channels: 3, background: "#3366aa" },
    })
      .png()
      .toBuffer();
    const updated = await aliceApi.v1.accounts.updateCredentials({
      displayName: "Alice Liddell",
      note: "I teach **design**.",
      locked: true,
      avatar: new Blob([new Uint8Array(avatar)], { type: "image/png" }),
      header: new Blob([new Uint8Array(avatar)], { type: "image/png" }),
      fieldsAttributes: [{ name: "Site", value: "https://alice.example/work" }],
    });
    assert.equal(updated.displayName, "Alice Liddell");
    assert.match(updated.note, /<strong>design<\/strong>/);
    assert.equal(updated.locked, true);
    assert.equal(updated.source?.note, "I teach **design**.");
    assert.match(updated.avatar, /\/media\/avatars\/[0-9a-f-]{36}\.webp$/);
    assert.match(updated.header, /\/media\/avatars\/[0-9a-f-]{36}\.webp$/);
    assert.notEqual(updated.avatar, updated.header);
    const header = await fetch(updated.header);
    const size = await sharp(new Uint8Array(await header.arrayBuffer())).metadata();
    assert.deepEqual([size.width, size.height], [1500, 500]);
    assert.equal(updated.fields[0]?.name, "Site");
    assert.match(updated.fields[0]?.value ?? "", /^<a href="https:\/\/alice\.example\/work"/);
    // A field that is no web address is refused, and nothing changes.
    const bad = await fetch(`${server.url}/api/v1/accounts/update_credentials`, {
      method: "PATCH",
      headers: { ...bearer(aliceToken), "content-type": "application/json" },
      body: JSON.stringify({
        display_name: "Changed",
        fields_attributes: [{ name: "x", value: "javascript:alert(1)" }],
      }),
    });
    assert.equal(bad.status, 422);
    const problem = (await bad.json()) as { error: string };
    assert.match(problem.error, /^Validation failed: fields_attributes: Use a web address/);
    assert.equal((await aliceApi.v1.accounts.verifyCredentials()).displayName, "Alice Liddell");
    // Unlock again for the follow tests below.
    await aliceApi.v1.accounts.updateCredentials({ locked: false });
  });

  it("finds accounts by id, acct and search; counts only posts the caller may see", async () => {
    const ctx = server.runtime.ctx;
    await createEntry(ctx, bob, {
      kind: "note",
      body: "Public hello",
      audience: "public",
      action: "publish",
    });
    await createEntry(ctx, bob, {
      kind: "note",
      body: "Just me",
      audience: "private",
      action: "publish",
    });
    const anonymous = createRestAPIClient({ url: server.url });
    const seen = await anonymous.v1.accounts.$select(bob.actorId).fetch();
    assert.equal(seen.username, "bob");
    assert.equal(seen.statusesCount, 1, "the private entry is not counted for others");
    const own = await createRestAPIClient({
      url: server.url,
      accessToken: await tokenFor(server, bob, ["read"]),
    }).v1.accounts.verifyCredentials();
    assert.equal(own.statusesCount, 2);
    assert.equal((await anonymous.v1.accounts.lookup({ acct: "BOB" })).id, bob.actorId);
    const host = new URL(server.url).host;
    assert.equal((await anonymous.v1.accounts.lookup({ acct: `bob@${host}` })).id, bob.actorId);
    await assert.rejects(anonymous.v1.accounts.lookup({ acct: "nobody" }), (error) => {
      assert.ok(error instanceof MastoHttpError);
      assert.equal(error.statusCode, 404);
      return true;
    });
    await assertMastodonError(await fetch(`${server.url}/api/v1/accounts/not-an-id`), 404);
    const remoteId = await storeRemoteActor(ctx, {
      uri: "https://remote.example/users/dora",
      handle: "dora",
      host: "remote.example",
      displayName: "Dora Remote",
      bioHtml: "<p>Hi</p>",
      inboxUrl: "https://remote.example/users/dora/inbox",
      sharedInboxUrl: null,
      url: "https://remote.example/@dora",
    });
    const found = await aliceApi.v1.accounts.search.list({ q: "dora" });
    assert.deepEqual(
      found.map((a) => a.acct),
      ["dora@remote.example"],
    );
    assert.equal(found[0]?.url, "https://remote.example/@dora");
    assert.equal(found[0]?.id, remoteId);
    const megalodon = generator("mastodon", server.url, aliceToken);
    const viaMegalodon = await megalodon.searchAccount("bob");
    assert.equal(viaMegalodon.data[0]?.username, "bob");
  });

  it("follows and unfollows, local and remote, and reports relationships", async () => {
    const relationship = await aliceApi.v1.accounts.$select(bob.actorId).follow();
    assert.equal(relationship.following, true);
    const [rel] = await aliceApi.v1.accounts.relationships.fetch({ id: [bob.actorId] });
    assert.equal(rel?.following, true);
    assert.equal(rel?.followedBy, false);
    const bobApi = createRestAPIClient({
      url: server.url,
      accessToken: await tokenFor(server, bob, ["read"]),
    });
    const followers = await bobApi.v1.accounts.$select(bob.actorId).followers.list();
    assert.deepEqual(
      followers.map((a) => a.username),
      ["alice"],
      "a member sees their own followers",
    );
    // Nobody else does: the social graph is listed nowhere (counts only).
    const anonymous = createRestAPIClient({ url: server.url });
    assert.deepEqual(await anonymous.v1.accounts.$select(bob.actorId).followers.list(), []);
    assert.deepEqual(await aliceApi.v1.accounts.$select(bob.actorId).followers.list(), []);
    assert.equal((await anonymous.v1.accounts.$select(bob.actorId).fetch()).followersCount, 1);
    const [dora] = await aliceApi.v1.accounts.search.list({ q: "dora@remote.example" });
    assert.ok(dora);
    const remote = await aliceApi.v1.accounts.$select(dora.id).follow();
    assert.equal(remote.requested, true, "a remote follow waits for their Accept");
    const jobs = await server.runtime.database
      .sql`select 1 from jobs where kind = 'federation-follow'`;
    assert.equal(jobs.length, 1, "the Follow is queued");
    const unfollowed = await aliceApi.v1.accounts.$select(bob.actorId).unfollow();
    assert.equal(unfollowed.following, false);
  });

  it("handles follow requests of a locked account", async () => {
    await aliceApi.v1.accounts.updateCredentials({ locked: true });
    const bobApi = createRestAPIClient({
      url: server.url,
      accessToken: await tokenFor(server, bob, ["read", "write", "follow"]),
    });
    const asked = await bobApi.v1.accounts.$select(alice.actorId).follow();
    assert.equal(asked.requested, true);
    assert.equal(asked.following, false);
    const requests = await aliceApi.v1.followRequests.list();
    assert.deepEqual(
      requests.map((a) => a.username),
      ["bob"],
    );
    const approved = await aliceApi.v1.followRequests.$select(bob.actorId).authorize();
    assert.equal(approved.followedBy, true);
    assert.equal((await aliceApi.v1.followRequests.list()).length, 0);
    await aliceApi.v1.accounts.updateCredentials({ locked: false });
  });

  it("blocks and mutes, and lists them", async () => {
    const blocked = await aliceApi.v1.accounts.$select(carol.actorId).block();
    assert.equal(blocked.blocking, true);
    assert.deepEqual(
      (await aliceApi.v1.blocks.list()).map((a) => a.username),
      ["carol"],
    );
    assert.equal((await aliceApi.v1.accounts.$select(carol.actorId).unblock()).blocking, false);
    const muted = await aliceApi.v1.accounts.$select(carol.actorId).mute({ notifications: false });
    assert.equal(muted.muting, true);
    assert.equal(muted.mutingNotifications, false);
    assert.deepEqual(
      (await aliceApi.v1.mutes.list()).map((a) => a.username),
      ["carol"],
    );
    assert.equal((await aliceApi.v1.accounts.$select(carol.actorId).unmute()).muting, false);
  });

  it("pages a member's own followers with Link headers; familiar followers stay hidden", async () => {
    const ctx = server.runtime.ctx;
    const fans: CurrentUser[] = [];
    for (let i = 0; i < 5; i++) {
      const fan = await createMember(ctx, memberForm(`fan${i}`));
      await follow(ctx, fan, { handle: "carol" });
      fans.push(fan);
    }
    const seen: string[] = [];
    const carolToken = await tokenFor(server, carol, ["read"]);
    let url: string | null = `${server.url}/api/v1/accounts/${carol.actorId}/followers?limit=2`;
    while (url) {
      const response: Response = await fetch(url, { headers: bearer(carolToken) });
      const page = (await response.json()) as { username: string }[];
      if (page.length === 0) break;
      seen.push(...page.map((a) => a.username));
      url = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
    }
    assert.deepEqual(seen, ["fan4", "fan3", "fan2", "fan1", "fan0"], "newest first, no gaps");
    const forward = await fetch(
      `${server.url}/api/v1/accounts/${carol.actorId}/followers?min_id=${fans[0]?.actorId}&limit=2`,
      { headers: bearer(carolToken) },
    );
    const after0 = (await forward.json()) as { username: string }[];
    assert.deepEqual(
      after0.map((a) => a.username),
      ["fan2", "fan1"],
      "min_id: the next ones after the cursor",
    );
    await follow(ctx, alice, { handle: "fan1" });
    const familiar = await fetch(
      `${server.url}/api/v1/accounts/familiar_followers?id[]=${carol.actorId}`,
      { headers: bearer(aliceToken) },
    );
    const [entry] = (await familiar.json()) as { id: string; accounts: { username: string }[] }[];
    assert.equal(entry?.id, carol.actorId);
    assert.deepEqual(entry?.accounts, [], "who follows whom is not shown to others");
  });

  it("enforces scopes and refuses revoked tokens", async () => {
    const readOnly = await tokenFor(server, alice, ["read"]);
    await assertMastodonError(
      await fetch(`${server.url}/api/v1/accounts/${bob.actorId}/follow`, {
        method: "POST",
        headers: bearer(readOnly),
      }),
      403,
    );
    const mediaOnly = await tokenFor(server, alice, ["write:media"]);
    await assertMastodonError(
      await fetch(`${server.url}/api/v1/accounts/${bob.actorId}/block`, {
        method: "POST",
        headers: bearer(mediaOnly),
      }),
      403,
    );
    await assertMastodonError(
      await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
        headers: bearer("not-a-token"),
      }),
      401,
    );
    const profile = await tokenFor(server, alice, ["profile"]);
    const me = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: bearer(profile),
    });
    assert.equal(me.status, 200, "the profile scope may verify credentials");
  });

  it("creates and revokes personal access tokens in settings", async () => {
    const browser = await signedInClient(server.runtime, bob);
    const created = await browser.post("/settings/tokens", {
      name: "Backup script",
      scopes: ["read", "follow"],
    });
    assert.equal(created.status, 200);
    const html = await created.text();
    const token = /id="new-token"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? "";
    assert.ok(token.length > 20, "the token is shown once");
    const check = () =>
      fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers: bearer(token) });
    assert.equal((await check()).status, 200);
    const listed = await (await browser.get("/settings/apps")).text();
    assert.match(listed, /Backup script/);
    assert.doesNotMatch(listed, new RegExp(token), "never shown again");
    const empty = await browser.post("/settings/tokens", { name: "" });
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Give the token a name/);
    const id = /action="\/settings\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(listed)?.[1] ?? "";
    assert.equal((await browser.post(`/settings/tokens/${id}/revoke`, {})).status, 303);
    await assertMastodonError(await check(), 401);
  });

  it("creates a token from the command line, printed as the last line", async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: server.runtime.dataDir,
      LOG_LEVEL: "error",
    };
    delete env.NODE_TEST_CONTEXT;
    if (server.runtime.config.databaseUrl) env.DATABASE_URL = server.runtime.config.databaseUrl;
    else delete env.DATABASE_URL;
    const child = spawn(
      NODE,
      ["src/cli/main.ts", "token", "create", "--handle", "carol", "--scopes", "read write follow"],
      { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 0, stderr);
    const token = stdout.trim().split("\n").at(-1) ?? "";
    const me = await createRestAPIClient({
      url: server.url,
      accessToken: token,
    }).v1.accounts.verifyCredentials();
    assert.equal(me.username, "carol");
  });

  it("limits the request rate per token, with X-RateLimit headers", async () => {
    const token = await tokenFor(server, carol, ["read"]);
    const first = await fetch(`${server.url}/api/v1/accounts/${bob.actorId}`, {
      headers: bearer(token),
    });
    assert.equal(first.headers.get("x-ratelimit-limit"), "300");
    assert.equal(first.headers.get("x-ratelimit-remaining"), "299");
    assert.ok(!Number.isNaN(Date.parse(first.headers.get("x-ratelimit-reset") ?? "")));
    for (let i = 0; i < 299; i++) {
      const response = await fetch(`${server.url}/api/v1/custom_emojis`, {
        headers: bearer(token),
      });
      await response.arrayBuffer();
    }
    const limited = await fetch(`${server.url}/api/v1/custom_emojis`, { headers: bearer(token) });
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), { error: "Too many requests" });
    assert.equal(limited.headers.get("x-ratelimit-remaining"), "0");
    // Another token has its own budget.
    const other = await fetch(`${server.url}/api/v1/custom_emojis`, {
      headers: bearer(await tokenFor(server, carol, ["read"])),
    });
    assert.equal(other.status, 200);
  });
});
