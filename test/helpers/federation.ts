import type { AddressInfo } from "node:net";
import net from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { startTestRuntime, type TestRuntime } from "./runtime.ts";

/** A real Outloud instance listening on loopback, federating with private addresses allowed. */
export interface Instance {
  runtime: TestRuntime;
  origin: string;
  host: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startInstance(options: { now?: () => Date } = {}): Promise<Instance> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const runtime = await startTestRuntime(
    { PUBLIC_URL: origin, FEDERATION_ALLOW_PRIVATE_ADDRESS: "true" },
    options,
  );
  const server: ServerType = serve({ fetch: runtime.app.fetch, port, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return {
    runtime,
    origin,
    host: `127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/**
 * Runs every due job on every instance until none is left: deliveries,
 * received activities and the answers they cause. Bounded: a loop that never
 * settles fails the test instead of hanging it.
 */
export async function settle(...instances: Instance[]): Promise<void> {
  for (let round = 0; round < 30; round++) {
    let ran = 0;
    for (const instance of instances) ran += await instance.runtime.drainJobs();
    if (ran === 0) return;
  }
  throw new Error("The job queues did not settle after 30 rounds");
}
