import assert from "node:assert/strict";
import os from "node:os";
import { after, before, describe, it } from "node:test";
import { socketOf } from "../src/db/client.ts";
import { availableMemory, sharedBuffersMbFor } from "../src/db/embedded.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

// The embedded PostgreSQL is reached through its Unix socket: each round trip
// costs less CPU than through TCP on the loopback; and its cache is sized
// from the machine's memory (src/db/embedded.ts).
describe("the embedded PostgreSQL's connection and cache", () => {
  it("sizes the embedded server's cache: an eighth of memory, 128 MB to 2 GB", () => {
    const gb = 2 ** 30;
    assert.equal(sharedBuffersMbFor(0.5 * gb), 128);
    assert.equal(sharedBuffersMbFor(2 * gb), 256);
    assert.equal(sharedBuffersMbFor(8 * gb), 1024);
    assert.equal(sharedBuffersMbFor(64 * gb), 2048);
    // A container's memory limit counts when it is below the machine's.
    assert.ok(availableMemory() <= os.totalmem());
    const limit = process.constrainedMemory();
    if (limit > 0 && limit < os.totalmem()) assert.equal(availableMemory(), limit);
  });

  it("reads libpq's host=/folder from a URL", () => {
    assert.deepEqual(socketOf("postgres://u:p@localhost:6543/db?host=%2Fvar%2Frun%2Fpostgresql"), {
      url: "postgres://u:p@localhost:6543/db",
      socket: "/var/run/postgresql/.s.PGSQL.6543",
    });
    assert.deepEqual(socketOf("postgres://u:p@localhost/db?host=/tmp&sslmode=disable"), {
      url: "postgres://u:p@localhost/db?sslmode=disable",
      socket: "/tmp/.s.PGSQL.5432",
    });
    for (const url of [
      "postgres://u:p@db.example:5432/db",
      "postgres://u@h/db?host=db2",
      "not a url",
    ]) {
      assert.deepEqual(socketOf(url), { url, socket: undefined });
    }
  });

  describe("the embedded server", () => {
    let runtime: TestRuntime | null = null;
    before(async () => {
      if (!process.env.DATABASE_URL) runtime = await startTestRuntime();
    });
    after(() => runtime?.close());

    it("keeps a cache sized from the machine's memory", async (t) => {
      if (!runtime) {
        t.skip("DATABASE_URL is set: the tests use that server, not an embedded one");
        return;
      }
      const [row] = await runtime.database.sql<{ mb: number }[]>`
        select setting::int * 8 / 1024 as mb from pg_settings where name = 'shared_buffers'`;
      assert.equal(row?.mb, sharedBuffersMbFor(availableMemory()));
    });

    it("keeps the cache PG_SHARED_BUFFERS_MB asks for", async (t) => {
      if (!runtime) {
        t.skip("DATABASE_URL is set: the tests use that server, not an embedded one");
        return;
      }
      const small = await startTestRuntime({ PG_SHARED_BUFFERS_MB: "64" });
      try {
        const [row] = await small.database.sql<{ mb: number }[]>`
          select setting::int * 8 / 1024 as mb from pg_settings where name = 'shared_buffers'`;
        assert.equal(row?.mb, 64);
      } finally {
        await small.close();
      }
    });

    it("is reached through its socket", async (t) => {
      if (!runtime) {
        t.skip("DATABASE_URL is set: the tests use that server, not an embedded one");
        return;
      }
      assert.match(runtime.database.url, /\?host=%2F/);
      const [row] = await runtime.database.sql<{ address: string | null }[]>`
        select inet_client_addr()::text as address`;
      assert.equal(row?.address, null, "no TCP address: a Unix socket");
    });
  });
});
