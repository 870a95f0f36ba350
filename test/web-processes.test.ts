import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../src/config.ts";
import {
  freshDataDir,
  outloudChildren,
  type ServerProcess,
  spawnServer,
  stopServer,
  waitUntilGone,
} from "./helpers/server.ts";

const webChildren = (pid: number) => outloudChildren(pid);

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The status of a GET on a new connection (a pooled one may lead to a killed process). */
const status = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const request = http
      .get(url, { agent: false, timeout: 10_000 }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on("error", reject)
      .on("timeout", () => request.destroy(new Error(`No answer from ${url}`)));
  });

describe("WEB_CONCURRENCY", () => {
  it("is a whole number from 1 to 64, 1 unless set", () => {
    assert.equal(loadConfig({}).webConcurrency, 1);
    assert.equal(loadConfig({ WEB_CONCURRENCY: "2" }).webConcurrency, 2);
    for (const bad of ["0", "65", "two", "1.5"]) {
      assert.throws(() => loadConfig({ WEB_CONCURRENCY: bad }), /WEB_CONCURRENCY/);
    }
  });

  describe("npm start with WEB_CONCURRENCY=2", () => {
    let server: ServerProcess;
    const dataDir = freshDataDir("outloud-web-processes-");
    /** The web processes that said they listen on the port, from the server's log. */
    const listening = () =>
      [...server.output().matchAll(/Web process (\d+) is listening/g)].map((m) => Number(m[1]));
    before(async () => {
      server = await spawnServer({ DATA_DIR: dataDir, WEB_CONCURRENCY: "2" });
      await until(() => webChildren(server.pid).length === 2, "two web processes run");
      await until(() => listening().length === 2, "both listen");
    });
    after(async () => {
      if (server) await stopServer(server, "SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("serves the port from two web processes on the one embedded database", async () => {
      assert.equal(webChildren(server.pid).length, 2);
      for (let i = 0; i < 10; i++) assert.equal(await status(`${server.url}/setup`), 200);
    });

    it("replaces a web process that dies, and keeps serving meanwhile", async () => {
      const [victim, survivor] = webChildren(server.pid) as [number, number];
      process.kill(victim, "SIGKILL");
      // Wait until it has exited for good, its sockets closed: its command line
      // empties earlier (the process looks gone), while a connection handed to
      // it can still be reset, as any connection a SIGKILLed process held.
      assert.ok(await waitUntilGone(victim), "the killed one is gone");
      assert.equal(await status(`${server.url}/setup`), 200);
      await until(() => webChildren(server.pid).length === 2, "a replacement runs");
      await until(() => listening().length === 3, "the replacement listens");
      assert.ok(webChildren(server.pid).includes(survivor));
      assert.ok(!webChildren(server.pid).includes(victim));
    });

    it("stops every web process on SIGTERM and exits 0", async () => {
      const children = webChildren(server.pid);
      assert.equal(await stopServer(server, "SIGTERM"), 0);
      for (const pid of children) assert.ok(await waitUntilGone(pid), `web process ${pid} ended`);
    });
  });
});
