import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { openRuntime, type Runtime } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/web/app.ts";
import { PASSWORD } from "./helpers/accounts.ts";
import { TestClient } from "./helpers/client.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const NODE = path.join(ROOT, "node_modules/.bin/node");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as `npx outloud …` would. */
function runCli(dataDir: string, args: string[], input?: string): Promise<Result> {
  // The CLI must find its own database through DATA_DIR, not a server from the test's env.
  const { DATABASE_URL: _, ...env } = process.env;
  const child = spawn(NODE, ["src/cli/main.ts", ...args], {
    cwd: ROOT,
    env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: "error" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(input ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function assertNoStackTrace(result: Result): void {
  assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
  assert.doesNotMatch(result.stderr, /node:internal|\.ts:\d+/);
}

describe("the outloud CLI", () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "outloud-cli-"));
    fs.chmodSync(dataDir, 0o755);
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("prints help", async () => {
    const help = await runCli(dataDir, ["help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: outloud <command>/);
    assert.match(help.stdout, /user create/);
    const create = await runCli(dataDir, ["user", "create", "--help"]);
    assert.equal(create.code, 0);
    assert.match(create.stdout, /--handle <handle>/);
    assert.match(create.stdout, /--admin/);
    const migrate = await runCli(dataDir, ["migrate", "--help"]);
    assert.equal(migrate.code, 0);
    assert.match(migrate.stdout, /Usage: outloud migrate/);
  });

  it("refuses unknown commands and options with exit code 1", async () => {
    const unknown = await runCli(dataDir, ["frobnicate"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    const option = await runCli(dataDir, ["user", "create", "--handle", "x", "--colour", "red"]);
    assert.equal(option.code, 1);
    assert.match(option.stderr, /Unknown option '--colour'/);
    const missing = await runCli(dataDir, ["user", "create", "--email", "a@example.org"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--handle is required/);
    for (const result of [unknown, option, missing]) assertNoStackTrace(result);
  });

  it("creates a member, starting the embedded database for the command", async () => {
    const result = await runCli(dataDir, [
      "user",
      "create",
      "--handle",
      "alice",
      "--email",
      "alice@example.org",
      "--password",
      PASSWORD,
      "--display-name",
      "Alice Example",
      "--admin",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created @alice \(admin\)/);
    assert.equal(fs.existsSync(path.join(dataDir, "pg-runtime.json")), false, "PostgreSQL stopped");
  });

  it("refuses a taken handle with a clear message and exit code 1", async () => {
    const result = await runCli(dataDir, [
      "user",
      "create",
      "--handle",
      "ALICE",
      "--email",
      "someone@example.org",
      "--password",
      PASSWORD,
    ]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.trim(), "Error: --handle: That handle is taken");
    assertNoStackTrace(result);
  });

  it("reports every invalid field at once", async () => {
    const result = await runCli(dataDir, [
      "user",
      "create",
      "--handle",
      "no spaces",
      "--email",
      "nope",
      "--password",
      "short",
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--handle: Use 1 to 30 letters, digits or underscores/);
    assert.match(result.stderr, /--email: Enter a valid email address/);
    assert.match(result.stderr, /--password: Use at least 10 characters/);
    assertNoStackTrace(result);
  });

  it("reads the password from standard input when --password is omitted", async () => {
    const result = await runCli(
      dataDir,
      ["user", "create", "--handle", "bob", "--email", "bob@example.org"],
      "piped password 42\nignored second line\n",
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created @bob\./);
    const empty = await runCli(dataDir, [
      "user",
      "create",
      "--handle",
      "cy",
      "--email",
      "c@example.org",
    ]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no password given/);
  });

  it("migrates", async () => {
    const result = await runCli(dataDir, ["migrate"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Database is up to date/);
  });

  describe("with the server's database running", () => {
    let runtime: Runtime;
    before(async () => {
      runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "error" }));
    });
    after(() => runtime.close());

    it("kept what the earlier commands created", async () => {
      const rows = await runtime.database.sql`
        select a.handle, a.display_name, u.role from users u join actors a on a.id = u.actor_id
        order by a.handle`;
      assert.deepEqual(
        rows.map((r) => [r.handle, r.display_name, r.role]),
        [
          ["alice", "Alice Example", "admin"],
          ["bob", "bob", "member"],
        ],
      );
      const client = new TestClient(createApp(runtime.ctx));
      const signIn = await client.post("/sign-in", {
        handle: "bob",
        password: "piped password 42",
      });
      assert.equal(signIn.status, 303, "the piped password is the one stored");
    });

    it("uses the running PostgreSQL and leaves it running", async () => {
      const result = await runCli(dataDir, [
        "user",
        "create",
        "--handle",
        "dana",
        "--email",
        "dana@example.org",
        "--password",
        PASSWORD,
      ]);
      assert.equal(result.code, 0, result.stderr);
      const rows = await runtime.database.sql`select 1 from actors where handle = 'dana'`;
      assert.equal(rows.length, 1, "the running server sees the new member at once");
    });
  });
});
