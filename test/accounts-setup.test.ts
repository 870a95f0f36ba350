import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createMember } from "../src/domain/accounts/members.ts";
import { memberForm, PASSWORD, rowCount, setUpAdmin } from "./helpers/accounts.ts";
import { TestClient } from "./helpers/client.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

describe("setting up a fresh instance", () => {
  let runtime: TestRuntime;
  let admin: TestClient;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(() => runtime.close());

  it("sends every page to /setup while there is no member", async () => {
    const client = new TestClient(runtime.app);
    for (const path of ["/", "/sign-in", "/register", "/@nobody", "/admin", "/no-such-page"]) {
      const response = await client.get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get("location"), "/setup", path);
    }
    assert.equal((await client.get("/static/style.css")).status, 200);
    assert.equal((await client.get("/media/avatars/nope.webp")).status, 404);
  });

  it("shows a welcoming form with the contract's labels", async () => {
    const response = await new TestClient(runtime.app).get("/setup");
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /Welcome to Outloud/);
    for (const [id, label] of [
      ["handle", "Handle"],
      ["email", "Email"],
      ["password", "Password"],
      ["displayName", "Display name"],
    ]) {
      assert.match(page, new RegExp(`<label for="${id}">${label}</label>`));
      assert.match(page, new RegExp(`<input id="${id}" name="${id}"`));
    }
    assert.match(page, /<button type="submit">Create account<\/button>/);
  });

  it("refuses an invalid handle, a short password and a bad email with 422, writing nothing", async () => {
    const client = new TestClient(runtime.app);
    const response = await client.post("/setup", {
      handle: "no spaces!",
      email: "not-an-email",
      password: "short",
      displayName: "Ada",
    });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /Use 1 to 30 letters, digits or underscores/);
    assert.match(page, /Enter a valid email address/);
    assert.match(page, /Use at least 10 characters/);
    assert.match(page, /value="no spaces!"/, "the form keeps what was typed");
    assert.doesNotMatch(page, /value="short"/, "but never the password");
    assert.equal(await rowCount(runtime, "users"), 0);
    assert.equal(await rowCount(runtime, "actors"), 0);
    assert.equal(await rowCount(runtime, "sessions"), 0);
  });

  it("refuses a reserved handle", async () => {
    const response = await new TestClient(runtime.app).post("/setup", memberForm("admin"));
    assert.equal(response.status, 422);
    assert.match(await response.text(), /That handle is reserved/);
    assert.equal(await rowCount(runtime, "users"), 0);
  });

  it("creates the first member as admin, signs them in and opens the composer", async () => {
    const client = new TestClient(runtime.app);
    admin = client;
    const response = await client.post("/setup", memberForm("Ada_L"));
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/compose");
    assert.ok(client.cookies.get("outloud_session"), "a session cookie is set");
    const [user] = await runtime.database.sql`
      select u.role, u.email, a.handle, a.display_name from users u join actors a on a.id = u.actor_id`;
    assert.deepEqual(
      { ...user },
      {
        role: "admin",
        email: "ada_l@example.org",
        handle: "Ada_L",
        display_name: "Ada_L Example",
      },
    );
    const settings = await client.get("/settings/profile");
    assert.equal(settings.status, 200, "the new admin is signed in");
    assert.match(await settings.text(), /<a href="\/admin">Admin<\/a>/);
  });

  it("answers 404 on /setup once a member exists, and stops redirecting", async () => {
    const client = new TestClient(runtime.app);
    assert.equal((await client.get("/setup")).status, 404);
    assert.equal((await client.post("/setup", memberForm("Second"))).status, 404);
    assert.equal(await rowCount(runtime, "users"), 1);
    const signIn = await client.get("/sign-in");
    assert.equal(signIn.status, 200);
  });

  it("refuses a duplicate handle or email (a member made as the CLI does) with a message", async () => {
    await createMember(runtime.ctx, {
      handle: "cli_made",
      email: "cli@example.org",
      password: PASSWORD,
    });
    const open = await admin.post("/admin/registration", { registration: "open" });
    assert.equal(open.status, 303);
    const before = await rowCount(runtime, "users");
    const client = new TestClient(runtime.app);
    const sameHandle = await client.post("/register", memberForm("CLI_MADE"));
    assert.equal(sameHandle.status, 409);
    assert.match(await sameHandle.text(), /That handle is taken/);
    const sameEmail = await client.post(
      "/register",
      memberForm("someone_else", { email: "CLI@example.org" }),
    );
    assert.equal(sameEmail.status, 409);
    assert.match(await sameEmail.text(), /That email address already has an account/);
    assert.equal(await rowCount(runtime, "users"), before);
  });
});

describe("two setup forms sent at the same moment", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
  });
  after(() => runtime.close());

  it("create exactly one admin", async () => {
    const clients = ["First", "Second", "Third"].map(() => new TestClient(runtime.app));
    await Promise.all(clients.map((c) => c.ensureCsrf()));
    const responses = await Promise.all(
      clients.map((c, i) => c.post("/setup", memberForm(`racer_${i}`))),
    );
    const statuses = responses.map((r) => r.status).sort();
    assert.deepEqual(statuses, [303, 404, 404]);
    const admins = await runtime.database.sql`select role from users`;
    assert.deepEqual(
      admins.map((row) => row.role),
      ["admin"],
    );
  });

  it("refuses any later setup", async () => {
    await setUpAdmin(runtime, "late").then(
      () => assert.fail("a second setup must not succeed"),
      (error: Error) => assert.match(error.message, /404/),
    );
  });
});
