import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import postgres from "postgres";
import {
  childEnv,
  childrenOf,
  freshDataDir,
  isAlive,
  NODE,
  postmasterPid,
  ROOT,
  type ServerProcess,
  spawnServer,
  stopServer,
  waitUntilGone,
} from "./helpers/server.ts";

/**
 * The server's life as an operator sees it: `npm start` on a fresh folder,
 * Ctrl-C / SIGTERM, restarts, crashes, and the CLI beside a running server.
 * Everything runs as real processes on the embedded PostgreSQL.
 */
describe("the server process", () => {
  const dataDir = freshDataDir();
  const env = { DATA_DIR: dataDir, LOG_LEVEL: "info" };
  const started: ServerProcess[] = [];
  const postmasters = new Set<number>();
  let server: ServerProcess;

  async function start(): Promise<ServerProcess> {
    server = await spawnServer(env);
    started.push(server);
    const pid = postmasterPid(dataDir);
    if (pid) postmasters.add(pid);
    return server;
  }

  /** A direct connection to the embedded PostgreSQL the server runs. */
  function connectToEmbedded(): postgres.Sql {
    const { port } = JSON.parse(fs.readFileSync(path.join(dataDir, "pg-runtime.json"), "utf8"));
    const { password } = JSON.parse(fs.readFileSync(path.join(dataDir, "pg-secret.json"), "utf8"));
    return postgres(`postgres://postgres:${password}@127.0.0.1:${port}/outloud`, {
      max: 1,
      onnotice: () => {},
    });
  }

  before(async () => {
    await start();
  });

  after(async () => {
    for (const each of started) each.child.kill("SIGKILL");
    for (const pid of postmasters) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {}
    }
    for (const pid of postmasters) await waitUntilGone(pid, 5000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("sends a fresh instance to /setup, with the security headers", async () => {
    const response = await fetch(`${server.url}/`, { redirect: "manual" });
    assert.equal(response.status, 303);
    assert.equal(new URL(response.headers.get("location") ?? "", server.url).pathname, "/setup");
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(response.headers.get("x-content-type-options"), "nosniff");
    assert.ok(response.headers.get("referrer-policy"), "a Referrer-Policy header");
    assert.match(server.output(), /Outloud is ready at/);
  });

  it("lets the CLI migrate through the running server's PostgreSQL", async () => {
    const postmaster = postmasterPid(dataDir);
    const cli = spawnSync(NODE, ["src/cli/main.ts", "migrate"], {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: dataDir, LOG_LEVEL: "info" }),
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(cli.status, 0, `the CLI failed:\n${cli.stdout}\n${cli.stderr}`);
    assert.match(cli.stdout, /up to date/);
    // It joined the server's PostgreSQL and left it running for the server.
    assert.equal(postmasterPid(dataDir), postmaster);
    assert.ok(postmaster && isAlive(postmaster), "the server's PostgreSQL still runs");
    const response = await fetch(`${server.url}/`, { redirect: "manual" });
    assert.ok(response.status < 500, `GET / answered ${response.status}`);
  });

  it("exits 0 on SIGTERM and stops its PostgreSQL", async () => {
    const sql = connectToEmbedded();
    await sql`insert into instance_settings (key, value) values ('lifecycle-test', '"kept"')`;
    await sql.end();
    const postmaster = postmasterPid(dataDir);
    assert.ok(postmaster && isAlive(postmaster), "PostgreSQL runs beside the server");

    assert.equal(await stopServer(server, "SIGTERM"), 0, server.output());
    assert.ok(await waitUntilGone(postmaster), "the postmaster is gone");
    assert.equal(fs.existsSync(path.join(dataDir, "pg/postmaster.pid")), false);
    assert.equal(fs.existsSync(path.join(dataDir, "pg-runtime.json")), false);
  });

  it("starts again on the same DATA_DIR with the data kept", async () => {
    await start();
    const sql = connectToEmbedded();
    const rows = await sql`select value from instance_settings where key = 'lifecycle-test'`;
    await sql.end();
    assert.deepEqual(rows[0]?.value, "kept");
  });

  it("comes back after the server is killed (SIGKILL)", async () => {
    const postmaster = postmasterPid(dataDir)!;
    assert.equal(await stopServer(server, "SIGKILL"), "SIGKILL");
    // Its PostgreSQL may outlive it (an orphan) or not; both must recover.
    const orphaned = isAlive(postmaster);
    await start();
    if (orphaned) {
      assert.equal(postmasterPid(dataDir), postmaster, "the orphaned PostgreSQL was adopted");
      assert.match(server.output(), /Adopting an embedded PostgreSQL/);
    }
    const response = await fetch(`${server.url}/`, { redirect: "manual" });
    assert.ok(response.status < 500, `GET / answered ${response.status}`);
    // Having adopted it, this server also stops it on the way out.
    assert.equal(await stopServer(server, "SIGTERM"), 0, server.output());
    assert.ok(await waitUntilGone(postmaster), "the adopted postmaster is gone");
  });

  it("comes back after PostgreSQL was killed and left a stale postmaster.pid", async () => {
    await start();
    const postmaster = postmasterPid(dataDir)!;
    assert.equal(await stopServer(server, "SIGKILL"), "SIGKILL");
    const helpers = childrenOf(postmaster);
    process.kill(postmaster, "SIGKILL");
    assert.ok(await waitUntilGone(postmaster), "the postmaster is dead");
    // Its helper processes notice and exit; a machine crash leaves none either.
    for (const pid of helpers) await waitUntilGone(pid);
    assert.ok(fs.existsSync(path.join(dataDir, "pg/postmaster.pid")), "a stale postmaster.pid");

    await start();
    const pid = postmasterPid(dataDir);
    assert.ok(pid && pid !== postmaster && isAlive(pid), "a new postmaster runs");
    const sql = connectToEmbedded();
    const rows = await sql`select value from instance_settings where key = 'lifecycle-test'`;
    await sql.end();
    assert.deepEqual(rows[0]?.value, "kept", "the data survived the crash");
    assert.equal(await stopServer(server, "SIGTERM"), 0, server.output());
    assert.ok(await waitUntilGone(pid), "the postmaster is gone");
  });
});
