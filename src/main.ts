import os from "node:os";
import { serve } from "@hono/node-server";
import { attachStreaming, type Streaming } from "./api/streaming.ts";
import { loadDotEnv, openRuntime } from "./boot.ts";
import { ConfigError, loadConfig } from "./config.ts";
import type { Worker } from "./jobs/queue.ts";
import { logger, setupLogging } from "./log.ts";
import { createApp } from "./web/app.ts";
import { startWebProcesses, supervisesWebProcesses, type WebProcesses } from "./web-processes.ts";

const log = logger("main");

async function main(): Promise<void> {
  loadDotEnv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  await setupLogging(config.logLevel);
  const started = performance.now();
  const runtime = await openRuntime(config);

  let worker: Worker | null = null;
  if (config.role === "worker" && config.workerNice > 0) {
    // Background work takes what the web processes leave: a remote server waits on each
    // inbox POST's 202, nobody waits on the job (docs/adr/0021-inbox-hot-path-round-trips.md).
    try {
      os.setPriority(config.workerNice);
    } catch (error) {
      log.warning("Could not lower the worker's priority: {error}", { error });
    }
  }
  if (config.role !== "web") worker = await runtime.startWorker();

  // WEB_CONCURRENCY > 1: this process keeps the database (and the job worker when the role
  // is `all`) and forks web processes that share the port.
  let webProcesses: WebProcesses | null = null;
  const supervising = supervisesWebProcesses(config.webConcurrency, config.role);
  if (supervising) {
    webProcesses = startWebProcesses(
      config.webConcurrency,
      { DATABASE_URL: runtime.database.url },
      () => void shutdown(1),
    );
    log.info("Started {count} web processes", { count: config.webConcurrency });
  }

  // Requests still being handled: shutdown waits for them before closing the
  // pool, also for those whose client already hung up (server.close does not).
  let inFlight = 0;
  let drained: (() => void) | null = null;
  let server: ReturnType<typeof serve> | null = null;
  let streaming: Streaming | null = null;
  if (config.role !== "worker" && !supervising) {
    const app = createApp(runtime.ctx);
    const fetch = async (request: Request, env: unknown): Promise<Response> => {
      inFlight++;
      try {
        return await app.fetch(request, env);
      } finally {
        if (--inFlight === 0) drained?.();
      }
    };
    server = serve({ fetch, port: config.port, hostname: config.host }, () => {
      log.info("Outloud is ready at {url} (listening on {host}:{port}, {ms} ms)", {
        url: config.publicUrl,
        host: config.host,
        port: config.port,
        ms: Math.round(performance.now() - started),
      });
    });
    server.on("error", (error) => {
      log.fatal("Could not listen on {host}:{port}: {error}", { ...config, error });
      void shutdown(1);
    });
    // The client API's WebSocket streaming, on the same port.
    streaming = attachStreaming(server, runtime.ctx);
  }

  let stopping = false;
  async function shutdown(code = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info("Shutting down");
    const force = setTimeout(() => process.exit(code || 1), 15_000);
    force.unref();
    // Open WebSockets would keep server.close waiting: they go first.
    await streaming?.close();
    await webProcesses?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    await worker?.stop();
    await runtime.close();
    process.exit(code);
  }
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGHUP", () => void shutdown());
}

await main();
