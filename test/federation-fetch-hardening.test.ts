import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { Create, Note } from "@fedify/fedify/vocab";
import { federationContext, federationFor } from "../src/federation/federation.ts";
import { allowPrivateDelivery } from "../src/federation/safe-document-loader.ts";
import { makeMember } from "./helpers/entries-fixtures.ts";
import { startTestRuntime, type TestRuntime } from "./helpers/runtime.ts";

/** A TCP server on loopback that counts connections and never answers anything. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * An inbox that answers 500 at once and then sends its error page one byte
 * every 100 ms: never pausing long enough for a per-phase limit. Counts the
 * bytes of body it managed to send before the connection closed.
 */
async function tricklingServer() {
  const sockets = new Set<net.Socket>();
  const sentBeforeClose: number[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on("error", () => {});
    socket.once("data", () => {
      socket.write(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\ncontent-length: 100000\r\n\r\n",
      );
      timer = setInterval(() => {
        socket.write("x");
        sent++;
      }, 100);
    });
    socket.on("close", () => {
      clearInterval(timer);
      sockets.delete(socket);
      sentBeforeClose.push(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    sentBeforeClose: () => [...sentBeforeClose],
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Queues one delivery of a Create(Note) from `handle` to the inbox at `inbox`. */
async function queueDelivery(runtime: TestRuntime, handle: string, inbox: string) {
  const fed = federationContext(runtime.ctx);
  const actor = fed.getActorUri(handle);
  await fed.sendActivity(
    { identifier: handle },
    { id: new URL("/users/someone", inbox), inboxId: new URL(inbox) },
    new Create({
      id: new URL(`#creates/${crypto.randomUUID()}`, actor),
      actor,
      object: new Note({ id: new URL(`#notes/${crypto.randomUUID()}`, actor), attribution: actor }),
    }),
    { fanout: "skip" },
  );
}

/** Fedify's delivery messages to `inbox`: their state and attempt, oldest first. */
async function deliveriesTo(runtime: TestRuntime, inbox: string) {
  const rows = await runtime.database.sql<{ state: string; attempt: number }[]>`
    select state, (payload->>'attempt')::int as attempt from jobs
    where kind = 'federation-message' and payload->>'type' = 'outbox'
      and payload->>'inbox' = ${inbox}
    order by created_at, id`;
  return rows.map((row) => ({ state: row.state, attempt: row.attempt }));
}

describe("deliveries through the SSRF guard, private addresses not allowed", () => {
  let runtime: TestRuntime;
  let server: Awaited<ReturnType<typeof silentServer>>;

  before(async () => {
    runtime = await startTestRuntime({ PUBLIC_URL: "https://outloud.example" });
    // Fedify's own check of the inbox URL would refuse these before ours: it is
    // turned off, so what refuses them below is our guard alone.
    allowPrivateDelivery(federationFor(runtime.ctx));
    await makeMember(runtime.ctx, "ada");
    server = await silentServer();
  });
  after(async () => {
    await server?.close();
    await runtime?.close();
  });

  for (const host of ["localhost", "127.0.0.1"]) {
    it(`refuses an inbox at ${host} without connecting, and retries it later`, async () => {
      const inbox = `http://${host}:${server.port}/inbox`;
      await queueDelivery(runtime, "ada", inbox);
      await runtime.drainJobs();
      assert.equal(server.connections(), 0);
      // The attempt failed and Fedify queued the next one, with its backoff.
      assert.deepEqual(await deliveriesTo(runtime, inbox), [
        { state: "done", attempt: 0 },
        { state: "pending", attempt: 1 },
      ]);
    });
  }
});

describe("deliveries with a time limit", () => {
  let runtime: TestRuntime;
  let server: Awaited<ReturnType<typeof silentServer>>;
  let trickling: Awaited<ReturnType<typeof tricklingServer>>;

  before(async () => {
    trickling = await tricklingServer();
    runtime = await startTestRuntime({
      PUBLIC_URL: "http://127.0.0.1:9",
      FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
      FEDERATION_FETCH_TIMEOUT_SECONDS: "1",
    });
    await makeMember(runtime.ctx, "ada");
    server = await silentServer();
  });
  after(async () => {
    await server?.close();
    await trickling?.close();
    await runtime?.close();
  });

  it("gives up on an inbox that accepts the connection and never answers, and retries it later", async () => {
    const inbox = `http://127.0.0.1:${server.port}/inbox`;
    await queueDelivery(runtime, "ada", inbox);
    // Without a limit this would wait for Node's own (minutes) and the test would time out.
    await runtime.drainJobs();
    assert.ok(server.connections() >= 1, "the receiver was reached (loopback is allowed here)");
    assert.deepEqual(await deliveriesTo(runtime, inbox), [
      { state: "done", attempt: 0 },
      { state: "pending", attempt: 1 },
    ]);
  });

  it("cuts off an inbox that trickles its answer, after the deadline for the whole exchange", async () => {
    const inbox = `http://127.0.0.1:${trickling.port}/inbox`;
    await queueDelivery(runtime, "ada", inbox);
    await runtime.drainJobs();
    assert.deepEqual(await deliveriesTo(runtime, inbox), [
      { state: "done", attempt: 0 },
      { state: "pending", attempt: 1 },
    ]);
    // Fedify reads up to 1,024 bytes of an error page: at 10 bytes a second that would hold
    // the lane for 100 s. The one-second deadline closes the connection after about 10.
    const [sent] = trickling.sentBeforeClose();
    assert.ok(sent !== undefined, "the connection was closed");
    assert.ok(sent < 100, `closed after ${sent} bytes`);
  });
});
