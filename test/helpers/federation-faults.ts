import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { freePort } from "../../src/db/embedded.ts";
import type { Instance } from "./federation.ts";
import { startTestRuntime } from "./runtime.ts";
import { childEnv, NODE, ROOT } from "./server.ts";

/**
 * A gate in front of an instance, on the port its PUBLIC_URL names: it can
 * take the instance off the network (connections refused) and hold the
 * answers to inbox posts (the post is handled, the sender never hears back),
 * and it records the id of every activity posted through it.
 */
export interface Gate {
  /** "hold": inbox posts are passed on, their answers kept from the sender. */
  mode: "pass" | "hold";
  /** Activity ids posted to an inbox through the gate, in order. */
  readonly posted: string[];
  /** How many inbox answers are being held. */
  readonly held: number;
  down(): Promise<void>;
  up(): Promise<void>;
}

export interface GatedInstance extends Instance {
  gate: Gate;
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function activityIdOf(body: Buffer): string {
  try {
    return String((JSON.parse(body.toString("utf8")) as { id?: unknown }).id ?? "");
  } catch {
    return "";
  }
}

function startGate(port: number, innerPort: number): { gate: Gate; close(): Promise<void> } {
  const posted: string[] = [];
  let held = 0;
  const server = http.createServer(async (request, response) => {
    const body = await readBody(request);
    const inboxPost = request.method === "POST" && /\/inbox$/.test(request.url ?? "");
    if (inboxPost) posted.push(activityIdOf(body));
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: innerPort,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        if (inboxPost && gate.mode === "hold") {
          // Handled by the instance; the sender waits for an answer that never comes.
          held++;
          answer.resume();
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.destroy());
    upstream.end(body);
  });
  const listen = () =>
    new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const gate: Gate = {
    mode: "pass",
    posted,
    get held() {
      return held;
    },
    down: stop,
    up: listen,
  };
  return { gate, close: () => (server.listening ? stop() : Promise.resolve()) };
}

/** An Outloud instance reached through a gate (see `Gate`). */
export async function startGatedInstance(): Promise<GatedInstance> {
  const [port, innerPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${port}`;
  const runtime = await startTestRuntime({
    PUBLIC_URL: origin,
    FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
  });
  const server: ServerType = serve({
    fetch: runtime.app.fetch,
    port: innerPort,
    hostname: "127.0.0.1",
  });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const gated = startGate(port, innerPort);
  await gated.gate.up();
  return {
    runtime,
    origin,
    host: `127.0.0.1:${port}`,
    gate: gated.gate,
    async close() {
      await gated.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/** A separate `OUTLOUD_ROLE=worker` process running an instance's job queue. */
export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** SIGKILL: the worker dies where it stands (no shutdown, leases left behind). */
  kill(): Promise<void>;
}

/** Starts `src/main.ts` as a worker (no HTTP) with this environment beside the usual one. */
export function spawnWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(NODE, ["src/main.ts"], {
    cwd: ROOT,
    env: childEnv({ LOG_LEVEL: "error", ...env, OUTLOUD_ROLE: "worker" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** A worker process for an instance: its database, data folder and origin. */
export function spawnWorker(instance: Instance): WorkerProcess {
  return spawnWorkerProcess({
    DATA_DIR: instance.runtime.dataDir,
    DATABASE_URL: instance.runtime.database.url,
    PUBLIC_URL: instance.origin,
    FEDERATION_ALLOW_PRIVATE_ADDRESS: "true",
  });
}

/** Waits (bounded) until `condition` holds; fails with `what` when it never does. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Gave up waiting: ${what}`);
}

/**
 * A stand-in remote server on loopback: answers every inbox POST with the
 * status `statusFor(path)` gives, and counts the posts per path.
 */
export async function startFakeInboxes(statusFor: (path: string) => number) {
  const hits = new Map<string, number>();
  const server = http.createServer(async (request, response) => {
    await readBody(request);
    const path = request.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    response.writeHead(statusFor(path)).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
