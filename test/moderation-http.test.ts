import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEntry } from "../src/domain/entries/index.ts";
import { storeRemoteActor } from "../src/domain/federation/index.ts";
import { follow } from "../src/domain/follows.ts";
import type { CurrentUser } from "../src/domain/viewer.ts";
import { setUpAdmin } from "./helpers/accounts.ts";
import type { TestClient } from "./helpers/client.ts";
import { makeMember, signedInClient } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** The block, mute, follow-request, notification and admin pages, through HTTP. */
describe("moderation pages", () => {
  let runtime: TestRuntime;
  let admin: TestClient;
  let ana: CurrentUser;
  let ben: CurrentUser;
  let cai: CurrentUser;
  let dee: CurrentUser;
  let anaClient: TestClient;
  let benClient: TestClient;
  let caiClient: TestClient;
  let deeClient: TestClient;
  let anaEntry: string;

  const text = (response: Response) => response.text();
  const page = async (client: TestClient, path: string) => {
    const response = await client.get(path);
    assert.equal(response.status, 200, `${path} answered ${response.status}`);
    return text(response);
  };

  before(async () => {
    runtime = await startTestRuntime();
    admin = await setUpAdmin(runtime);
    ana = await makeMember(runtime.ctx, "ana");
    ben = await makeMember(runtime.ctx, "ben");
    cai = await makeMember(runtime.ctx, "cai");
    dee = await makeMember(runtime.ctx, "dee");
    anaClient = await signedInClient(runtime, ana);
    benClient = await signedInClient(runtime, ben);
    caiClient = await signedInClient(runtime, cai);
    deeClient = await signedInClient(runtime, dee);
    await follow(runtime.ctx, ben, { handle: "ana" });
    anaEntry = (
      await createEntry(runtime.ctx, ana, {
        kind: "note",
        body: "Zebra marmalade, a recipe #preserves",
        audience: "public",
      })
    ).id;
  });
  after(async () => {
    await runtime?.close();
  });

  it("a block from the profile hides the blocker's entries from profile, permalink, search, tag page and home", async () => {
    const places = ["/@ana", "/search?q=marmalade", "/tags/preserves", "/home"];
    for (const path of places) {
      assert.match(await page(benClient, path), /Zebra/, `${path} before the block`);
    }
    assert.equal((await benClient.get(`/@ana/${anaEntry}`)).status, 200);

    const profile = await page(anaClient, "/@ben");
    assert.match(profile, /Block @ben/);
    assert.match(profile, /<label for="mute-duration">Mute for<\/label>/);
    const blocked = await anaClient.post(`/actors/${ben.actorId}/block`, { next: "/@ben" });
    assert.equal(blocked.status, 303);
    assert.equal(blocked.headers.get("location"), "/@ben");
    assert.match(await page(anaClient, "/@ben"), /Unblock/);

    for (const path of places) {
      assert.doesNotMatch(await page(benClient, path), /Zebra/, `${path} after the block`);
    }
    assert.equal((await benClient.get(`/@ana/${anaEntry}`)).status, 404);
    assert.match(await page(benClient, "/@ana"), /This account blocked you/);
    // The follow ended: following again is refused while the block stands.
    assert.equal((await benClient.post("/@ana/follow", {})).status, 403);

    // Remote accounts get the same controls on their page.
    const remoteId = await storeRemoteActor(runtime.ctx, {
      uri: "https://remote.example/users/pat",
      handle: "pat",
      host: "remote.example",
      displayName: "Pat",
      bioHtml: "",
      inboxUrl: "https://remote.example/users/pat/inbox",
      sharedInboxUrl: null,
      url: null,
    });
    assert.match(await page(anaClient, `/remote/${remoteId}`), /Block @pat/);
    await anaClient.post(`/actors/${remoteId}/block`, { next: `/remote/${remoteId}` });
    assert.match(await page(anaClient, `/remote/${remoteId}`), /You blocked @pat/);

    const settings = await page(anaClient, "/settings/blocks");
    assert.match(settings, /@ben/);
    assert.match(settings, /@pat@remote.example/);
    assert.equal(
      (await anaClient.post(`/actors/${ben.actorId}/unblock`, { next: "/settings/blocks" })).status,
      303,
    );
    const after = await page(anaClient, "/settings/blocks");
    assert.doesNotMatch(after, /@ben</);
    assert.match(after, /@pat@remote.example/);
    assert.equal((await benClient.get(`/@ana/${anaEntry}`)).status, 200);
  });

  it("a mute hides the account from home but not from its permalink, and is listed to undo", async () => {
    await follow(runtime.ctx, cai, { handle: "ana" });
    assert.match(await page(caiClient, "/home"), /Zebra marmalade/);
    const muted = await caiClient.post(`/actors/${ana.actorId}/mute`, {
      duration: "0",
      hideNotifications: "1",
      next: "/@ana",
    });
    assert.equal(muted.status, 303);
    assert.doesNotMatch(await page(caiClient, "/home"), /Zebra marmalade/);
    assert.match(await page(caiClient, `/@ana/${anaEntry}`), /Zebra marmalade/);
    const settings = await page(caiClient, "/settings/blocks");
    assert.match(settings, /Until you unmute · notifications hidden/);
    await caiClient.post(`/actors/${ana.actorId}/unmute`, { next: "/settings/blocks" });
    assert.match(await page(caiClient, "/home"), /Zebra marmalade/);
  });

  it("a locked account approves followers on /follow-requests; approved, they see followers-only entries", async () => {
    const saved = await deeClient.post("/settings/profile", {
      displayName: "Dee",
      headline: "",
      bio: "",
      locale: "en",
      manuallyApprovesFollowers: "1",
    });
    assert.equal(saved.status, 303);
    assert.match(
      await page(deeClient, "/settings/profile"),
      /id="manuallyApprovesFollowers"[^>]*checked/,
    );
    const secret = await createEntry(runtime.ctx, dee, {
      kind: "note",
      body: "Only for my followers",
      audience: "followers",
    });
    assert.equal((await caiClient.post("/@dee/follow", {})).status, 303);
    assert.match(await page(caiClient, "/@dee"), />Requested — cancel</);
    assert.equal((await caiClient.get(`/@dee/${secret.id}`)).status, 404);

    const home = await page(deeClient, "/home");
    assert.match(home, /Notifications <span class="unread-badge">1/);
    const notifications = await page(deeClient, "/notifications");
    assert.match(
      notifications,
      /cai Example<\/a> <span class="small muted">@cai<\/span> asked to follow you/,
    );
    assert.match(notifications, /href="\/follow-requests"/);
    assert.doesNotMatch(await page(deeClient, "/home"), /unread-badge/, "read once viewed");

    const requests = await page(deeClient, "/follow-requests");
    assert.match(requests, /@cai/);
    const approved = await deeClient.post(`/follow-requests/${cai.actorId}/approve`, {});
    assert.equal(approved.status, 303);
    assert.match(await page(deeClient, "/follow-requests"), /No one is waiting/);
    assert.match(await page(caiClient, `/@dee/${secret.id}`), /Only for my followers/);
    // Someone else's request cannot be answered by a stranger.
    assert.equal((await benClient.post(`/follow-requests/${cai.actorId}/reject`, {})).status, 404);
  });

  it("notifications can be dismissed one by one and cleared, with CSRF", async () => {
    await follow(runtime.ctx, ben, { handle: "dee" });
    await follow(runtime.ctx, ana, { handle: "dee" });
    const list = await page(deeClient, "/notifications");
    const ids = [...list.matchAll(/action="\/notifications\/([0-9a-f-]{36})\/dismiss"/g)].map(
      (m) => m[1],
    );
    assert.ok(ids.length >= 2);
    assert.equal(
      (await deeClient.post(`/notifications/${ids[0]}/dismiss`, {}, { csrf: false })).status,
      403,
    );
    assert.equal((await deeClient.post(`/notifications/${ids[0]}/dismiss`, {})).status, 303);
    assert.doesNotMatch(await page(deeClient, "/notifications"), new RegExp(ids[0] ?? "none"));
    assert.equal((await deeClient.post("/notifications/clear", {})).status, 303);
    assert.match(await page(deeClient, "/notifications"), /Nothing new/);
  });

  it("reports go from the profile's form to the admin's queue", async () => {
    const form = await page(benClient, `/actors/${cai.actorId}/report`);
    assert.match(form, /<label for="comment">What is wrong\?<\/label>/);
    const tooLong = await benClient.post(`/actors/${cai.actorId}/report`, {
      comment: "x".repeat(1001),
    });
    assert.equal(tooLong.status, 422);
    assert.match(await text(tooLong), /Use at most 1,000 characters/);
    const sent = await benClient.post(`/actors/${cai.actorId}/report`, {
      comment: "Spamming links",
    });
    assert.equal(sent.status, 200);
    assert.match(await text(sent), /the report is sent/);

    assert.match(await page(admin, "/admin"), /href="\/admin\/reports"/);
    const queue = await page(admin, "/admin/reports");
    assert.match(queue, /Spamming links/);
    const id = /action="\/admin\/reports\/([0-9a-f-]{36})\/resolve"/.exec(queue)?.[1];
    assert.ok(id);
    assert.equal((await admin.post(`/admin/reports/${id}/resolve`, {})).status, 303);
    assert.match(await page(admin, "/admin/reports"), /No open reports/);
  });

  it("admin pages answer 403 to members and block servers for the admin", async () => {
    for (const path of ["/admin/domain-blocks", "/admin/reports"]) {
      assert.equal((await benClient.get(path)).status, 403, path);
    }
    assert.equal(
      (await benClient.post("/admin/domain-blocks", { domain: "spam.example" })).status,
      403,
    );

    const bad = await admin.post("/admin/domain-blocks", { domain: "not a server", reason: "" });
    assert.equal(bad.status, 422);
    assert.match(await text(bad), /Enter a server name like spam.example/);
    const added = await admin.post("/admin/domain-blocks", {
      domain: "spam.example",
      reason: "Bots",
    });
    assert.equal(added.status, 303);
    const list = await page(admin, "/admin/domain-blocks");
    assert.match(list, /<code>spam.example<\/code>/);
    assert.match(list, /Bots/);
    assert.equal(
      (await admin.post("/admin/domain-blocks/remove", { domain: "spam.example" })).status,
      303,
    );
    assert.match(await page(admin, "/admin/domain-blocks"), /No servers are blocked/);
  });
});
