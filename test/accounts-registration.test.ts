import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { memberForm, rowCount, setUpAdmin, signInClient } from "./helpers/accounts.ts";
import { TestClient } from "./helpers/client.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** Creates an invite on /admin and returns the token from the link shown once. */
async function createInvite(admin: TestClient, fields: Record<string, string> = {}) {
  const response = await admin.post("/admin/invites", { note: "", expiresInDays: "", ...fields });
  assert.equal(response.status, 200);
  const page = await response.text();
  const match = page.match(/value="http:\/\/localhost:3000\/register\?invite=([\w-]+)"/);
  assert.ok(match?.[1], "the full invite link is shown");
  return { token: match[1], page };
}

describe("registration", () => {
  let runtime: TestRuntime;
  let admin: TestClient;
  before(async () => {
    runtime = await startTestRuntime();
    admin = await setUpAdmin(runtime, "ada");
  });
  after(() => runtime.close());

  it("is invite-only by default: no form without an invite", async () => {
    const response = await new TestClient(runtime.app).get("/register");
    assert.equal(response.status, 403);
    const page = await response.text();
    assert.match(page, /You need an invite/);
    assert.doesNotMatch(page, /<form method="post" action="\/register"/);
    const post = await new TestClient(runtime.app).post("/register", memberForm("sneaky"));
    assert.equal(post.status, 403);
    assert.equal(await rowCount(runtime, "users"), 1);
  });

  it("lets an invited person register once through the link the admin created", async () => {
    const { token, page } = await createInvite(admin, { note: "For Bea" });
    assert.match(page, /shown only once/);
    const stored = await runtime.database.sql`select token_hash, note from invites`;
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]?.token_hash, token, "only a hash is stored");

    const bea = new TestClient(runtime.app);
    const form = await bea.get(`/register?invite=${token}`);
    assert.equal(form.status, 200);
    const html = await form.text();
    for (const label of ["Handle", "Email", "Password", "Display name"]) {
      assert.match(html, new RegExp(`>${label}</label>`));
    }
    assert.match(html, /<button type="submit">Create account<\/button>/);
    assert.match(html, new RegExp(`name="invite" value="${token}"`));

    const created = await bea.post("/register", memberForm("bea", { invite: token }));
    assert.equal(created.status, 303);
    assert.equal(created.headers.get("location"), "/compose");
    assert.equal((await bea.get("/settings/profile")).status, 200, "Bea is signed in");
    const [user] = await runtime.database.sql`
      select u.role, i.used_at is not null as used from users u
      join actors a on a.id = u.actor_id join invites i on i.used_by = u.id where a.handle = 'bea'`;
    assert.deepEqual({ ...user }, { role: "member", used: true });

    const listing = await (await admin.get("/admin")).text();
    assert.match(listing, /For Bea/);
    assert.match(listing, /Used by <a href="\/@bea">@bea<\/a>/);
    assert.doesNotMatch(listing, new RegExp(token), "the token is never shown again");

    const reuse = new TestClient(runtime.app);
    assert.equal((await reuse.get(`/register?invite=${token}`)).status, 403);
    const second = await reuse.post("/register", memberForm("cara", { invite: token }));
    assert.equal(second.status, 403);
    assert.match(await second.text(), /You need an invite/);
    assert.equal(await rowCount(runtime, "users"), 2);
  });

  it("keeps the invite usable when the form had mistakes", async () => {
    const { token } = await createInvite(admin);
    const client = new TestClient(runtime.app);
    const bad = await client.post("/register", memberForm("bad handle", { invite: token }));
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), new RegExp(`name="invite" value="${token}"`));
    const good = await client.post("/register", memberForm("dora", { invite: token }));
    assert.equal(good.status, 303);
  });

  it("refuses unknown and expired invites", async () => {
    const client = new TestClient(runtime.app);
    assert.equal((await client.get("/register?invite=made-up-token-1234567890")).status, 403);
    const { token } = await createInvite(admin, { expiresInDays: "2" });
    assert.equal((await client.get(`/register?invite=${token}`)).status, 200);
    await runtime.database.sql`update invites set expires_at = now() - interval '1 minute'
      where expires_at is not null`;
    assert.equal((await client.get(`/register?invite=${token}`)).status, 403);
    const post = await client.post("/register", memberForm("late", { invite: token }));
    assert.equal(post.status, 403);
    assert.match(await (await admin.get("/admin")).text(), /Expired/);
    const [row] = await runtime.database
      .sql`select count(*)::int as n from actors where handle = 'late'`;
    assert.equal(row?.n, 0);
  });

  it("lets the admin revoke an unused invite, killing its link", async () => {
    const { token } = await createInvite(admin, { note: "Revoke me" });
    const [invite] = await runtime.database.sql`select id from invites where note = 'Revoke me'`;
    const revoked = await admin.post(`/admin/invites/${invite?.id}/revoke`, {});
    assert.equal(revoked.status, 303);
    assert.equal((await new TestClient(runtime.app).get(`/register?invite=${token}`)).status, 403);
    assert.doesNotMatch(await (await admin.get("/admin")).text(), /Revoke me/);
  });

  it("checks the invite form: bad expiry → 422 with a message", async () => {
    const before = await rowCount(runtime, "invites");
    const response = await admin.post("/admin/invites", { note: "x", expiresInDays: "-3" });
    assert.equal(response.status, 422);
    assert.match(await response.text(), /Use 1 to 365 days/);
    assert.equal(await rowCount(runtime, "invites"), before);
  });

  it("open mode: anyone may register", async () => {
    assert.equal((await admin.post("/admin/registration", { registration: "open" })).status, 303);
    const adminPage = await (await admin.get("/admin?saved=registration")).text();
    assert.match(adminPage, /value="open" checked/);
    const client = new TestClient(runtime.app);
    assert.equal((await client.get("/register")).status, 200);
    const response = await client.post("/register", memberForm("erin"));
    assert.equal(response.status, 303);
    assert.equal((await client.get("/settings/profile")).status, 200);
  });

  it("closed mode: a friendly page, and nobody gets in even with an invite", async () => {
    const { token } = await createInvite(admin);
    assert.equal((await admin.post("/admin/registration", { registration: "closed" })).status, 303);
    const client = new TestClient(runtime.app);
    const page = await client.get("/register");
    assert.equal(page.status, 403);
    assert.match(await page.text(), /Registration is closed/);
    assert.equal((await client.get(`/register?invite=${token}`)).status, 403);
    const post = await client.post("/register", memberForm("fay", { invite: token }));
    assert.equal(post.status, 403);
    const [row] = await runtime.database
      .sql`select count(*)::int as n from actors where handle = 'fay'`;
    assert.equal(row?.n, 0);
  });

  it("hides /admin from members and visitors (404) and refuses their admin actions", async () => {
    const member = await signInClient(runtime, "bea");
    const visitor = new TestClient(runtime.app);
    for (const client of [member, visitor]) {
      assert.equal((await client.get("/admin")).status, 404);
      assert.equal(
        (await client.post("/admin/registration", { registration: "open" })).status,
        404,
      );
      assert.equal((await client.post("/admin/invites", { note: "mine" })).status, 404);
    }
    const [mode] = await runtime.database
      .sql`select value from instance_settings where key = 'registration'`;
    assert.equal(mode?.value, "closed");
    assert.equal((await runtime.database.sql`select 1 from invites where note = 'mine'`).length, 0);
    assert.doesNotMatch(await (await member.get("/settings/profile")).text(), /href="\/admin"/);
  });
});
