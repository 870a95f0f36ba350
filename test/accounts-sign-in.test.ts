import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createMember } from "../src/domain/accounts/members.ts";
import { PASSWORD, rowCount, setUpAdmin, signInClient } from "./helpers/accounts.ts";
import { TestClient } from "./helpers/client.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

function sessionCookieOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("outloud_session="));
  assert.ok(cookie, "a session cookie is set");
  return cookie;
}

describe("signing in and out", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime();
    await setUpAdmin(runtime, "ada");
    for (const handle of ["bea", "target", "forgiven", "other"]) {
      await createMember(runtime.ctx, {
        handle,
        email: `${handle}@example.org`,
        password: PASSWORD,
      });
    }
  });
  after(() => runtime.close());

  it("shows the form with the contract's labels", async () => {
    const page = await (await new TestClient(runtime.app).get("/sign-in")).text();
    assert.match(page, /<label for="handle">Handle<\/label>/);
    assert.match(page, /<label for="password">Password<\/label>/);
    assert.match(page, /<button type="submit">Sign in<\/button>/);
  });

  it("signs in with a handle, an @handle or an email address and goes to the journal", async () => {
    for (const handle of ["bea", "@BEA", "Bea@Example.org"]) {
      const client = new TestClient(runtime.app);
      const response = await client.post("/sign-in", { handle, password: PASSWORD });
      assert.equal(response.status, 303, handle);
      assert.equal(response.headers.get("location"), "/journal");
      const settings = await client.get("/settings/profile");
      assert.equal(settings.status, 200, `${handle} is signed in`);
    }
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, not Secure over http", async () => {
    const client = new TestClient(runtime.app);
    const cookie = sessionCookieOf(
      await client.post("/sign-in", { handle: "bea", password: PASSWORD }),
    );
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/i);
  });

  it("refuses a wrong password or an unknown account with the same message and no session", async () => {
    const sessions = await rowCount(runtime, "sessions");
    for (const [handle, password] of [
      ["bea", "wrong password!"],
      ["nobody_here", PASSWORD],
      ["nobody@example.org", PASSWORD],
    ]) {
      const client = new TestClient(runtime.app);
      client.ip = "198.51.100.50";
      const response = await client.post("/sign-in", { handle, password });
      assert.equal(response.status, 401, `${handle}`);
      const page = await response.text();
      assert.match(page, /That handle or password is not right/);
      assert.match(page, new RegExp(`value="${handle}"`), "the handle is kept");
      assert.equal(client.cookies.get("outloud_session"), undefined);
    }
    assert.equal(await rowCount(runtime, "sessions"), sessions);
  });

  it("refuses empty fields with 422", async () => {
    const response = await new TestClient(runtime.app).post("/sign-in", {
      handle: "",
      password: "",
    });
    assert.equal(response.status, 422);
    const page = await response.text();
    assert.match(page, /Enter your handle or email address/);
    assert.match(page, /Enter your password/);
  });

  it("signs out: the session ends and the cookie is cleared", async () => {
    const client = await signInClient(runtime, "bea");
    const token = client.cookies.get("outloud_session");
    const response = await client.post("/sign-out", {});
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/");
    assert.equal(client.cookies.get("outloud_session"), undefined);
    const rows = await runtime.database
      .sql`select 1 from sessions where token_hash = ${hashOf(token)}`;
    assert.equal(rows.length, 0);
    // Even a stolen copy of the old cookie no longer works.
    const replay = new TestClient(runtime.app);
    replay.cookies.set("outloud_session", token ?? "");
    const settings = await replay.get("/settings/profile");
    assert.equal(settings.status, 303);
  });

  describe("CSRF protection", () => {
    for (const [what, token] of [
      ["without the token", undefined],
      ["with a wrong token", "x".repeat(32)],
      ["with an empty token", ""],
    ] as const) {
      it(`rejects a sign-in ${what}: 403, no session, no failure counted`, async () => {
        const client = new TestClient(runtime.app);
        await client.ensureCsrf();
        const failures = await rowCount(runtime, "sign_in_failures");
        const fields = { handle: "bea", password: PASSWORD, _csrf: token };
        const response = await client.post("/sign-in", fields, { csrf: false });
        assert.equal(response.status, 403);
        assert.match(await response.text(), /This form has expired/);
        assert.equal(client.cookies.get("outloud_session"), undefined);
        assert.equal(await rowCount(runtime, "sign_in_failures"), failures);
      });
    }

    it("rejects a forged sign-out and a forged profile change: nothing happens", async () => {
      const client = await signInClient(runtime, "bea");
      const signOut = await client.post("/sign-out", { _csrf: "forged" }, { csrf: false });
      assert.equal(signOut.status, 403);
      assert.equal((await client.get("/settings/profile")).status, 200, "still signed in");
      const change = await client.post(
        "/settings/profile",
        { displayName: "Pwned", locale: "en" },
        { csrf: false },
      );
      assert.equal(change.status, 403);
      const [row] = await runtime.database
        .sql`select display_name from actors where handle = 'bea'`;
      assert.notEqual(row?.display_name, "Pwned");
    });
  });

  describe("throttling failed sign-ins", () => {
    it("refuses the 6th attempt on an account with 429, even with the right password", async () => {
      const client = new TestClient(runtime.app);
      client.ip = "198.51.100.1";
      for (let i = 0; i < 5; i++) {
        const response = await client.post("/sign-in", {
          handle: "target",
          password: `wrong ${i}`,
        });
        assert.equal(response.status, 401, `attempt ${i + 1}`);
      }
      const sixth = await client.post("/sign-in", { handle: "target", password: PASSWORD });
      assert.equal(sixth.status, 429);
      assert.match(await sixth.text(), /Too many attempts, try again in 15 minutes/);
      assert.equal(client.cookies.get("outloud_session"), undefined);
      // The account is throttled from everywhere, also through its email address.
      const elsewhere = new TestClient(runtime.app);
      elsewhere.ip = "198.51.100.2";
      const byEmail = await elsewhere.post("/sign-in", {
        handle: "target@example.org",
        password: PASSWORD,
      });
      assert.equal(byEmail.status, 429);
    });

    it("forgets an account's failures after a successful sign-in", async () => {
      const client = new TestClient(runtime.app);
      client.ip = "198.51.100.3";
      for (let i = 0; i < 4; i++) {
        assert.equal(
          (await client.post("/sign-in", { handle: "forgiven", password: "nope" })).status,
          401,
        );
      }
      assert.equal(
        (await client.post("/sign-in", { handle: "forgiven", password: PASSWORD })).status,
        303,
      );
      const again = new TestClient(runtime.app);
      again.ip = "198.51.100.3";
      for (let i = 0; i < 5; i++) {
        assert.equal(
          (await again.post("/sign-in", { handle: "forgiven", password: "nope" })).status,
          401,
        );
      }
      assert.equal(
        (await again.post("/sign-in", { handle: "forgiven", password: PASSWORD })).status,
        429,
      );
    });

    it("refuses an address after 20 failures across accounts; another address still works", async () => {
      const client = new TestClient(runtime.app);
      client.ip = "192.0.2.66";
      for (let i = 0; i < 20; i++) {
        const handle = `ghost_${i % 4}`;
        const response = await client.post("/sign-in", { handle, password: "guess" });
        assert.equal(response.status, 401, `failure ${i + 1}`);
      }
      const next = await client.post("/sign-in", { handle: "other", password: PASSWORD });
      assert.equal(next.status, 429, "the 21st attempt from that address is refused");
      assert.match(await next.text(), /Too many attempts/);
      const elsewhere = new TestClient(runtime.app);
      elsewhere.ip = "192.0.2.67";
      const fine = await elsewhere.post("/sign-in", { handle: "other", password: PASSWORD });
      assert.equal(fine.status, 303);
    });

    it("stores the failures in PostgreSQL under account and address keys", async () => {
      const rows = await runtime.database.sql`
        select key, count(*)::int as n from sign_in_failures
        where key in ('account:target', 'ip:192.0.2.66') group by key order by key`;
      assert.deepEqual(
        rows.map((r) => [r.key, r.n]),
        [
          ["account:target", 5],
          ["ip:192.0.2.66", 20],
        ],
      );
    });
  });

  describe("the next= parameter", () => {
    it("returns to a local page after signing in", async () => {
      const client = new TestClient(runtime.app);
      const form = await (await client.get("/sign-in?next=%2Fsettings%2Fprofile%3Fx%3D1")).text();
      assert.match(form, /name="next" value="\/settings\/profile\?x=1"/);
      const response = await client.post("/sign-in", {
        handle: "bea",
        password: PASSWORD,
        next: "/settings/profile?x=1",
      });
      assert.equal(response.headers.get("location"), "/settings/profile?x=1");
    });

    it("ignores attempts to redirect elsewhere", async () => {
      for (const next of [
        "//evil.example/",
        "///evil.example",
        "/\\evil.example",
        "http://evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
        "evil.example",
        "/\t/evil.example",
      ]) {
        const client = new TestClient(runtime.app);
        const response = await client.post("/sign-in", { handle: "bea", password: PASSWORD, next });
        assert.equal(response.status, 303, next);
        assert.equal(response.headers.get("location"), "/journal", next);
        const page = await (
          await new TestClient(runtime.app).get(`/sign-in?next=${encodeURIComponent(next)}`)
        ).text();
        assert.doesNotMatch(page, /name="next"/, `${next} is not carried in the form`);
      }
    });

    it("sends anonymous visitors of a private page to sign in and back", async () => {
      const response = await new TestClient(runtime.app).get("/settings/profile");
      assert.equal(response.status, 303);
      assert.equal(response.headers.get("location"), "/sign-in?next=%2Fsettings%2Fprofile");
    });
  });
});

describe("signing in on an https instance", () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await startTestRuntime({ PUBLIC_URL: "https://social.example" });
    await setUpAdmin(runtime, "secure_sam");
  });
  after(() => runtime.close());

  it("marks the session cookie Secure as well", async () => {
    const client = new TestClient(runtime.app);
    const cookie = sessionCookieOf(
      await client.post("/sign-in", { handle: "secure_sam", password: PASSWORD }),
    );
    assert.match(cookie, /Secure/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });
});

function hashOf(token: string | undefined): string {
  return createHash("sha256")
    .update(token ?? "")
    .digest("base64url");
}
