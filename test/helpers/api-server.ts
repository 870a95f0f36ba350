import { serve } from "@hono/node-server";
import { attachStreaming, type Streaming } from "../../src/api/streaming.ts";
import { freePort } from "../../src/db/embedded.ts";
import { issueToken } from "../../src/domain/api/index.ts";
import type { CurrentUser } from "../../src/domain/viewer.ts";
import { startTestRuntime, type TestRuntime } from "./runtime.ts";

/**
 * A real Outloud on a port, as apps reach it: the Hono app on the node HTTP
 * server with the WebSocket streaming attached (what src/main.ts does), so
 * client libraries (masto, megalodon) can talk to it over the network.
 */
export interface ApiServer {
  runtime: TestRuntime;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  streaming: Streaming;
  close(): Promise<void>;
}

export async function startApiServer(
  env: Record<string, string> = {},
  options: { now?: () => Date } = {},
): Promise<ApiServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Links (pagination, media) name the port the clients use.
  const runtime = await startTestRuntime({ PUBLIC_URL: url, ...env }, options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: runtime.app.fetch, port, hostname: "127.0.0.1" }, () =>
      resolve(started),
    );
  });
  // A quick heartbeat: revoked tokens are noticed within a test's patience.
  const streaming = attachStreaming(server, runtime.ctx, { heartbeatMs: 200 });
  return {
    runtime,
    url,
    streaming,
    async close() {
      await streaming.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}

/** A personal access token for `member` (as `outloud token create` makes one). */
export async function tokenFor(
  server: ApiServer,
  member: CurrentUser,
  scopes: readonly string[] = ["read", "write", "follow"],
): Promise<string> {
  const { token } = await issueToken(server.runtime.ctx, {
    appId: null,
    userId: member.userId,
    scopes,
    name: "tests",
  });
  return token;
}
