import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { socketOf } from "../src/db/client.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

// The embedded PostgreSQL is reached through its Unix socket: each round trip
// costs less CPU than through TCP on the loopback (src/db/embedded.ts).
describe("connecting through a Unix socket", () => {
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
